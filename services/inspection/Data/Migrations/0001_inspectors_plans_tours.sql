-- The inspector pool: demo rows come from data/inspection/inspectors.json, relatives may be declared later.
create table inspectors (
    id text primary key,
    name text not null,
    cadre_id text,
    home_division_code text not null
);

create table inspector_postings (
    inspector_id text not null references inspectors (id),
    unit_id text not null,
    post text not null,
    from_date date not null,
    to_date date,
    primary key (inspector_id, unit_id, from_date)
);

create table inspector_relatives (
    id uuid primary key,
    inspector_id text not null references inspectors (id),
    kind text not null,
    name text not null,
    post text not null,
    unit_id text not null,
    declared_at timestamptz not null,
    unique (inspector_id, kind, name, unit_id)
);

create table plans (
    id uuid primary key,
    kind text not null check (kind in ('regular', 'ad-hoc')),
    year int not null,
    title text not null,
    created_by text not null,
    created_at timestamptz not null
);

create table plan_rounds (
    plan_id uuid not null references plans (id),
    number int not null,
    title text not null,
    starts_on date not null,
    primary key (plan_id, number)
);

create table tours (
    id uuid primary key,
    plan_id uuid not null references plans (id),
    round int not null,
    target_kind text not null,
    target_id text not null,
    target_division_code text not null,
    starts_on date not null,
    ends_on date not null,
    state text not null,
    choice_reason text not null,
    chosen_by text not null,
    chosen_at timestamptz not null,
    -- The candidate's numbers when it was chosen; worded when read, in the reader's language.
    candidate jsonb not null,
    unique (plan_id, round, target_kind, target_id)
);

create table tour_members (
    tour_id uuid not null references tours (id),
    inspector_id text not null references inspectors (id),
    leader boolean not null,
    declaration_signed_at timestamptz,
    primary key (tour_id, inspector_id)
);

create unique index tour_members_one_leader on tour_members (tour_id) where leader;

-- Every inspector kept off a tour, with the rule and its facts (worded when read).
create table recusal_exclusions (
    id uuid primary key,
    tour_id uuid not null references tours (id),
    inspector_id text not null references inspectors (id),
    rule text not null,
    detail jsonb not null,
    recorded_by text not null,
    recorded_at timestamptz not null
);

create index recusal_exclusions_by_tour on recusal_exclusions (tour_id, recorded_at);

-- Inspection's own projection of intake's reports and routing's cases: volume, substantiation, lateness, open subjects.
create table reports_seen (
    report_id uuid primary key,
    received_at timestamptz not null,
    division_codes text[] not null,
    unit_ids text[] not null,
    cadre_ids text[] not null
);

create index reports_seen_by_time on reports_seen (received_at);
create index reports_seen_by_cadre on reports_seen using gin (cadre_ids);

create table report_cases (
    report_id uuid primary key,
    case_id uuid not null
);

create index report_cases_by_case on report_cases (case_id);

create table cases_seen (
    case_id uuid primary key,
    substantiated boolean not null default false,
    late boolean not null default false,
    closed boolean not null default false
);

create table election_periods (
    id uuid primary key,
    division_code text not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    deleted boolean not null default false
);
