-- Evaluation's final places when a scoring session closes (UnitRanked): the panel scores (评议得分) the weekly and monthly
-- bulletins show beside the period's other indicators. A projection of the log, emptied and rebuilt with the others.
create table unit_rankings (
    session_id uuid not null,
    unit_id text not null,
    group_name text not null,
    place integer not null,
    ranked_units integer not null,
    score double precision not null,
    closed_at timestamptz not null,
    primary key (session_id, unit_id)
);
create index unit_rankings_closed on unit_rankings (closed_at);
