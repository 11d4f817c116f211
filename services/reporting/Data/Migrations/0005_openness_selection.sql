-- Openness in cadre selection (两公开五差额, 双公示): reporting owns these records; they are not projections of the log.
create table vacancies (
    vacancy_id uuid primary key,
    unit_id text not null,
    division_code text not null,
    post text not null,
    posts int not null check (posts > 0),
    requirements text not null,
    method text not null,
    procedure text not null,
    stage text not null default 'nomination'
        check (stage in ('nomination', 'recommendation', 'inspection', 'deliberation', 'vote', 'concluded')),
    published_by text not null,
    published_at timestamptz not null,
    -- A retry with the same key returns the vacancy it made; the request's hash tells a different request apart.
    idempotency_key text not null unique,
    request_hash bytea not null
);
create index vacancies_published on vacancies (published_at desc, vacancy_id desc);

-- One row per completed stage: the primary key lets one of two instances complete a stage, never both.
create table selection_stages (
    vacancy_id uuid not null references vacancies,
    stage text not null,
    candidate_cadre_ids text[] not null,
    completed_by text not null,
    completed_at timestamptz not null,
    primary key (vacancy_id, stage)
);

create table publicities (
    publicity_id uuid primary key,
    cadre_id text not null,
    unit_id text not null,
    division_code text not null,
    proposed_post text not null,
    basic_facts text not null,
    conduct_record text not null,
    residential_community text not null,
    vacancy_id uuid references vacancies,
    opened_by text not null,
    opened_at timestamptz not null,
    objection_working_days int not null,
    window_ends_at timestamptz not null,
    window_closed boolean not null default false,
    status text not null default 'held' check (status in ('held', 'cleared', 'appointed', 'withdrawn')),
    decided_by text,
    decided_at timestamptz,
    decision_reason text,
    idempotency_key text not null unique,
    request_hash bytea not null
);
create index publicities_opened on publicities (opened_at desc, publicity_id desc);
create index publicities_cadre on publicities (cadre_id) where status in ('held', 'cleared');

-- Objections sent to intake: the report they became, never who objected (intake seals that).
create table publicity_objections (
    publicity_id uuid not null references publicities,
    report_id uuid not null,
    tracking_number text not null,
    submitted_at timestamptz not null,
    primary key (publicity_id, report_id)
);
create index publicity_objections_report on publicity_objections (report_id);

-- Finding the open reports about a cadre in the log: ReportReceived subjects, CaseClosed report ids.
create index event_log_report_subjects on event_log using gin ((payload -> 'subjects') jsonb_path_ops)
    where event_type = 'Supervision.Contracts.Events.Intake.ReportReceived';
create index event_log_closed_reports on event_log using gin ((payload -> 'reportIds') jsonb_path_ops)
    where event_type = 'Supervision.Contracts.Events.Routing.CaseClosed';
