-- Early warnings on the supervision ledger and the reminder talks (谈话提醒) they propose. The rules are data
-- (data/reporting/early-warning-rules.json), written here at start so the projection reads them in SQL. A warning is fired
-- while the log is projected; it is reporting's own record (a rebuild never empties it): the key (rule, subject, window)
-- lets it fire once, whatever the redeliveries, rebuilds and instances.
create table early_warning_rules (
    rule_id text primary key,
    kind text not null,
    reports integer not null default 0,
    months integer not null default 0,
    matches text[] not null default '{}'
);

create table early_warnings (
    warning_id uuid primary key,
    rule_id text not null,
    subject_kind text not null,
    subject_id text not null,
    -- What the rule counted in: the period's first month (reports), or the finding, case or consequence.
    window_key text not null,
    raised_at timestamptz not null,
    args text[] not null default '{}',
    talk_state text not null default 'planned' check (talk_state in ('planned', 'held', 'declined')),
    talk_notes text,
    talk_held_on date,
    talk_decided_by text,
    talk_recorded_at timestamptz,
    unique (rule_id, subject_kind, subject_id, window_key)
);
create index early_warnings_subject on early_warnings (subject_kind, subject_id, raised_at desc);
create index early_warnings_raised on early_warnings (raised_at desc, warning_id desc);
create index early_warnings_recorded on early_warnings (talk_recorded_at) where talk_recorded_at is not null;
