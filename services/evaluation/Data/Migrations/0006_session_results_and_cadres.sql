-- The final ranking of every closed scoring session, written once at the close: what the annual assessment and the
-- UnitRanked events are built from. A session on a sheet of middle-level cadres (中层干部, the sheet's subjects) ranks
-- directory cadres: in its rows, session_units.unit_id, unit_scores.unit_id and consequences.unit_id hold the cadre's id.
create table session_results (
    session_id uuid not null references scoring_sessions (id),
    subject_id text not null,
    rank integer not null,
    trimmed_mean double precision not null,
    median double precision not null,
    scores integer not null,
    primary key (session_id, subject_id)
);

create index scoring_sessions_closed_at on scoring_sessions (closed_at) where status = 'closed';

comment on column session_units.unit_id is 'the directory unit, or the directory cadre on a sheet of middle-level cadres';
comment on column unit_scores.unit_id is 'the directory unit, or the directory cadre on a sheet of middle-level cadres';
comment on column consequences.unit_id is 'the directory unit, or the directory cadre on a sheet of middle-level cadres';
