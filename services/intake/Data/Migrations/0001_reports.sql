create sequence report_tracking_numbers;

create table reports (
    id uuid primary key,
    tracking_number text not null unique,
    receipt_hash bytea not null unique,
    channel smallint not null,
    category smallint not null,
    state smallint not null,
    real_name boolean not null,
    election_related boolean not null,
    election_period boolean not null,
    receiving_division_code text not null,
    occurred_at timestamptz,
    occurred_place text not null default '',
    account text not null,
    subjects jsonb not null,
    preferred_feedback_channel smallint not null,
    -- AES-256-GCM sealed reporter identity; null for anonymous reports.
    identity_sealed bytea,
    submitted_by text,
    received_at timestamptz not null,
    idempotency_key_hash bytea unique,
    request_hash bytea,
    -- The receipt code sealed for idempotent replays of the submission; cleared after a day.
    receipt_sealed bytea
);
create index reports_by_division on reports (receiving_division_code, received_at desc, id desc);
create index reports_by_time on reports (received_at desc, id desc);

create table report_timeline (
    id bigint generated always as identity primary key,
    report_id uuid not null references reports (id),
    at timestamptz not null,
    kind text not null,
    description text not null
);
create index report_timeline_by_report on report_timeline (report_id, id);

create table report_messages (
    id uuid primary key,
    report_id uuid not null references reports (id),
    at timestamptz not null,
    from_reporter boolean not null,
    author_role text not null default '',
    author_subject text,
    body text not null,
    read_by_reporter_at timestamptz
);
create index report_messages_by_report on report_messages (report_id, at);

create table identity_reveals (
    id uuid primary key,
    report_id uuid not null references reports (id),
    revealed_by text not null,
    role text not null,
    caller_division_code text not null,
    reason text not null,
    at timestamptz not null
);
create index identity_reveals_by_time on identity_reveals (at desc, id desc);

create table election_periods (
    id uuid primary key,
    division_code text not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    description text not null default '',
    created_by text not null,
    created_at timestamptz not null,
    check (ends_at > starts_at)
);
create index election_periods_by_division on election_periods (division_code, starts_at);
