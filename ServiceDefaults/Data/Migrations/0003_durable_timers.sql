-- Durable timers every service shares (rectification deadlines, term ends, publicity windows, daily runs).
-- A timer is a row: it survives restarts, and whichever instance claims it first (SKIP LOCKED) fires it,
-- once, in the same transaction as what its handler writes.
create table durable_timers (
    id uuid primary key,
    kind text not null,
    subject text not null,
    due_at timestamptz not null,
    payload jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    attempts integer not null default 0,
    last_error text,
    fired_at timestamptz,
    cancelled_at timestamptz
);

-- One pending timer per kind and subject: scheduling the same one twice (two instances, a redelivered
-- event) keeps the first.
create unique index durable_timers_pending on durable_timers (kind, subject) where fired_at is null and cancelled_at is null;
create index durable_timers_due on durable_timers (due_at) where fired_at is null and cancelled_at is null;
