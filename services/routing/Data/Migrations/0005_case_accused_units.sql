-- Every accused unit of a case, whose leadership team receives the result of its anonymous reports:
-- the units and cadres' units the reports name, the unit a dispatcher placed an unnamed case with, or
-- the units the concluding unit named when giving feedback.
create table case_accused_units (
    case_id uuid not null references cases (id),
    unit_id text not null,
    source text not null,          -- report, dispatch, named
    added_at timestamptz not null,
    primary key (case_id, unit_id)
);
