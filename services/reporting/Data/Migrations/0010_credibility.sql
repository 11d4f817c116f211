-- The credibility of cadre selection (选人用人公信度): each year's survey result of the city or a county, the values each
-- correction replaced, and the targets. Dimension scores are [{"code": ..., "score": ...}] of the dimensions file.
create table credibility_results (
    result_id uuid primary key,
    division_code text not null,
    year int not null check (year between 2000 and 2100),
    score numeric(5,2) not null check (score between 0 and 100),
    provincial_rank int check (provincial_rank >= 1),
    ranked_places int check (ranked_places >= 1 and (provincial_rank is null or provincial_rank <= ranked_places)),
    dimension_scores jsonb not null default '[]',
    source text not null,
    notes text not null default '',
    revision int not null default 1 check (revision >= 1),
    recorded_by text not null,
    recorded_at timestamptz not null,
    corrected_at timestamptz,
    unique (division_code, year)
);
create index credibility_results_listing on credibility_results (year desc, result_id desc);

-- One row per correction: the revision it replaced, with its values, and who corrected it, when and why.
create table credibility_corrections (
    result_id uuid not null references credibility_results (result_id),
    revision int not null,
    previous jsonb not null,
    reason text not null,
    corrected_by text not null,
    corrected_at timestamptz not null,
    primary key (result_id, revision)
);

create table credibility_targets (
    division_code text not null,
    year int not null check (year between 2000 and 2100),
    target_score numeric(5,2) check (target_score between 0 and 100),
    target_rank int check (target_rank >= 1),
    set_by text not null,
    set_at timestamptz not null,
    primary key (division_code, year),
    check (target_score is not null or target_rank is not null)
);
