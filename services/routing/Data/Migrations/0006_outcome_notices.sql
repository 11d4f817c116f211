-- Whoever investigates, announces: the concluding unit's accountability measures and its outcome notice.
create table accountability_measures (
    id bigserial primary key,
    case_id uuid not null references cases (id),
    kind text not null,
    cadre_id text not null,
    decided_on date not null,
    recorded_at timestamptz not null
);
create index accountability_measures_case on accountability_measures (case_id);

create table outcome_notices (
    case_id uuid primary key references cases (id),
    unit_id text not null,
    division_code text not null,
    scope text not null,           -- unit, division, public
    text text not null,
    outcome smallint not null,
    issued_at timestamptz not null
);
create index outcome_notices_public on outcome_notices (division_code, issued_at desc, case_id) where scope = 'public';
