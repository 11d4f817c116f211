-- The tour's assessments of leadership teams and cadres, each citing findings or work records of the same tour.
create table assessments (
    id uuid primary key,
    tour_id uuid not null references tours (id),
    leadership_unit_id text,
    cadre_id text,
    grade text not null,
    text text not null,
    finding_ids uuid[] not null,
    work_record_ids uuid[] not null,
    recorded_by text not null,
    recorded_at timestamptz not null,
    check ((leadership_unit_id is null) <> (cadre_id is null)),
    check (cardinality(finding_ids) + cardinality(work_record_ids) > 0)
);

create index assessments_by_tour on assessments (tour_id, recorded_at);

-- Recommendations of the team and what became of them: proposed -> adopted | declined; adopted -> carried-out | declined.
create table recommendations (
    id uuid primary key,
    tour_id uuid not null references tours (id),
    kind text not null,
    unit_id text,
    cadre_id text,
    text text not null,
    state text not null,
    made_by text not null,
    made_at timestamptz not null
);

create index recommendations_by_tour on recommendations (tour_id, made_at);

create table recommendation_follow_ups (
    id uuid primary key,
    recommendation_id uuid not null references recommendations (id),
    from_state text not null,
    to_state text not null,
    note text not null,
    recorded_by text not null,
    recorded_at timestamptz not null
);

create index recommendation_follow_ups_by_recommendation on recommendation_follow_ups (recommendation_id, recorded_at);
