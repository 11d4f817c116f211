-- The citizen panel: applications, vetted into members with 2-year terms. Phone, ID number and address are
-- sealed (AES-256-GCM, bound to the row's id) and never read back into logs or events.
create table applications (
    id uuid primary key,
    submitted_at timestamptz not null,
    submitted_by text not null,
    name text not null,
    gender text not null,
    birth_date date not null,
    sector text not null,
    division_code text not null,
    nomination text not null,
    recommending_body text,
    employer text not null,
    employer_unit_id text,
    serving_cadre_id text,
    relative_unit_ids text[] not null default '{}',
    sealed_contact bytea not null,
    ineligible_because text[] not null default '{}',
    status text not null default 'pending',
    decided_at timestamptz,
    decided_by text,
    decision_reason text,
    member_id uuid
);
create index applications_pending on applications (submitted_at, id) where status = 'pending';

create table members (
    id uuid primary key,
    panel_number integer not null unique,
    application_id uuid unique references applications (id),
    name text not null,
    gender text not null,
    birth_date date not null,
    sector text not null,
    grassroots boolean not null,
    division_code text not null,
    nomination text not null,
    recommending_body text,
    employer_unit_id text,
    relative_unit_ids text[] not null default '{}',
    sealed_contact bytea not null,
    status text not null,
    appointed_at timestamptz not null,
    term_ends_at timestamptz not null,
    ended_at timestamptz,
    demo boolean not null default false
);
create index members_serving on members (status, term_ends_at);

-- Appointments, renewals, resignations and term ends, as they happened.
create table member_history (
    id uuid primary key,
    member_id uuid not null references members (id),
    kind text not null,
    happened_at timestamptz not null,
    recorded_by text not null,
    reason text,
    term_ends_at timestamptz
);
create index member_history_member on member_history (member_id, happened_at);
