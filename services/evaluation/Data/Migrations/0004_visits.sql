-- Visits and secret visits (暗访): a plan names its units (and windows), a date window and the visiting members; each
-- member's record holds observations, a score and evidence notes. A secret plan is read by a visited unit only once done.
create table visit_plans (
    id uuid primary key,
    title text not null,
    secret boolean not null,
    starts_on date not null,
    ends_on date not null,
    status text not null,
    planned_at timestamptz not null,
    planned_by text not null,
    completed_at timestamptz,
    completed_by text
);
create index visit_plans_planned on visit_plans (planned_at desc, id desc);

create table visit_targets (
    plan_id uuid not null references visit_plans (id),
    position integer not null,
    unit_id text not null,
    window_id text not null default '',
    division_code text not null,
    primary key (plan_id, position),
    unique (plan_id, unit_id, window_id)
);
create index visit_targets_unit on visit_targets (unit_id, plan_id);

create table visit_members (
    plan_id uuid not null references visit_plans (id),
    member_id uuid not null references members (id),
    panel_number integer not null,
    primary key (plan_id, member_id)
);

create table visit_records (
    id uuid primary key,
    plan_id uuid not null references visit_plans (id),
    member_id uuid not null references members (id),
    panel_number integer not null,
    unit_id text not null,
    window_id text not null default '',
    visited_at timestamptz not null,
    observations text not null,
    score double precision not null,
    evidence_notes text[] not null default '{}',
    recorded_at timestamptz not null,
    recorded_by text not null
);
create index visit_records_plan on visit_records (plan_id, visited_at, id);
