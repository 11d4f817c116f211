-- Every event the service consumed, in the order it was recorded. Append-only: projections are rebuilt from it.
create table event_log (
    seq bigint generated always as identity primary key,
    message_id uuid not null unique,
    event_type text not null,
    occurred_at timestamptz not null,
    recorded_at timestamptz not null default now(),
    payload jsonb not null
);

create function event_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'event_log is append-only: % refused', tg_op;
end $$;

create trigger event_log_append_only before update or delete on event_log
    for each row execute function event_log_is_append_only();
create trigger event_log_no_truncate before truncate on event_log
    for each statement execute function event_log_is_append_only();

-- Projections: every row comes from the log and can be rebuilt from it (RebuildProjections).
create table report_facts (
    report_id uuid primary key,
    channel smallint not null,
    category smallint not null,
    receiving_division_code text not null,
    election_related boolean not null,
    received_at timestamptz not null
);
create index report_facts_received on report_facts (received_at);

create table case_reports (
    report_id uuid primary key,
    case_id uuid not null
);
create index case_reports_case on case_reports (case_id);

create table case_facts (
    case_id uuid primary key,
    election_clock boolean not null default false,
    opened_at timestamptz,
    awaiting_dispatch_division text,
    lead_unit_id text,
    assigned_at timestamptz,
    acknowledge_by timestamptz,
    close_by timestamptz,
    concluded_at timestamptz,
    outcome text,
    feedback_by timestamptz,
    feedback_at timestamptz,
    real_name_feedback boolean not null default false,
    disputes int not null default 0,
    closed_at timestamptz
);
create index case_facts_lead on case_facts (lead_unit_id);

create table escalations (
    case_id uuid not null,
    from_unit_id text not null,
    to_unit_id text not null,
    at timestamptz not null,
    primary key (case_id, from_unit_id, to_unit_id, at)
);

create table missed_deadlines (
    case_id uuid not null,
    unit_id text not null,
    deadline text not null,
    due_at timestamptz not null,
    at timestamptz not null,
    primary key (case_id, unit_id, deadline, due_at)
);

create table duty_gaps (
    case_id uuid not null,
    unit_id text not null,
    kind text not null,
    at timestamptz not null,
    primary key (case_id, unit_id, kind, at)
);

create table acknowledgements (
    case_id uuid not null,
    unit_id text not null,
    at timestamptz not null,
    primary key (case_id, unit_id)
);

create table disputes (
    case_id uuid not null,
    report_id uuid not null,
    at timestamptz not null,
    primary key (case_id, report_id, at)
);
