-- The department head's two-way interviews (双向约谈): reporting owns them; they are not a projection of the log.
create table head_interviews (
    interview_id uuid primary key,
    initiative text not null check (initiative in ('head', 'requested')),
    cadre_id text,
    unit_id text,
    division_code text not null,
    scheduled_at timestamptz not null,
    topic text not null,
    scheduled_by text not null,
    created_at timestamptz not null,
    -- A retry with the same key returns the interview it made; the request's hash tells a different request apart.
    idempotency_key text not null unique,
    request_hash bytea not null,
    status text not null default 'scheduled' check (status in ('scheduled', 'held', 'not-held')),
    recorded_at timestamptz,
    recorded_by text,
    notes text,
    follow_up text,
    follow_up_unit_id text,
    follow_up_by date,
    check ((cadre_id is null) <> (unit_id is null))
);
create index head_interviews_scheduled on head_interviews (scheduled_at, interview_id);
create index head_interviews_recorded on head_interviews (recorded_at) where recorded_at is not null;
