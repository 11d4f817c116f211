-- Scoring sessions (评议打分): a sheet, the units it ranks, each serving member's score of each unit, and the
-- consequences applied when the session closed. Scores name the member; only staff readers ever see who scored what.
create table scoring_sessions (
    id uuid primary key,
    sheet_id text not null,
    unit_group text not null,
    title text not null,
    status text not null,
    opened_at timestamptz not null,
    opened_by text not null,
    closed_at timestamptz
);

create table session_units (
    session_id uuid not null references scoring_sessions (id),
    unit_id text not null,
    primary key (session_id, unit_id)
);

create table unit_scores (
    session_id uuid not null references scoring_sessions (id),
    unit_id text not null,
    member_id uuid not null references members (id),
    panel_number integer not null,
    criteria jsonb not null,
    score double precision not null,
    scored_at timestamptz not null,
    primary key (session_id, unit_id, member_id)
);

create table consequences (
    id uuid primary key,
    session_id uuid not null references scoring_sessions (id),
    unit_id text not null,
    consequence text not null,
    unit_rank integer not null,
    score double precision not null,
    due_at timestamptz,
    applied_at timestamptz not null,
    unique (session_id, unit_id, consequence)
);
