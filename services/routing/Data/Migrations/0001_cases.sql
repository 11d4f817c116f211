-- A case: one matter about one cadre (or unit), with every report about it attached.
create table cases (
    id uuid primary key,
    state smallint not null,
    category text not null,
    election_clock boolean not null,
    subject_cadre_id text,
    receiving_division_code text not null,
    dispatch_division_code text,
    lead_unit_id text,
    outcome smallint not null default 0,
    findings text not null default '',
    accountability_measures text not null default '',
    public_summary text not null default '',
    transfers integer not null default 0,
    opened_at timestamptz not null,
    close_by timestamptz not null,
    concluded_at timestamptz
);
create index cases_open_by_subject on cases (subject_cadre_id, category) where state < 5;
create index cases_awaiting_dispatch on cases (dispatch_division_code, opened_at) where state = 1;

create table case_reports (
    report_id uuid primary key,
    case_id uuid not null references cases (id),
    attached_at timestamptz not null
);
create index case_reports_by_case on case_reports (case_id);

-- A unit's part: the lead, or a co-unit of joint handling, each with its own clock.
create table case_tasks (
    case_id uuid not null references cases (id),
    unit_id text not null,
    lead boolean not null,
    state text not null,
    assigned_at timestamptz not null,
    acknowledge_by timestamptz,
    investigation_start_by timestamptz,
    close_by timestamptz not null,
    acknowledged_at timestamptz,
    investigation_started_at timestamptz,
    concluded_at timestamptz,
    overdue boolean not null default false,
    contribution text not null default '',
    primary key (case_id, unit_id)
);
create index case_tasks_by_unit on case_tasks (unit_id, state);

create table case_decisions (
    id bigint generated always as identity primary key,
    case_id uuid not null references cases (id),
    at timestamptz not null,
    kind text not null,
    unit_id text not null,
    reason text not null
);
create index case_decisions_by_case on case_decisions (case_id, id);

create table case_timeline (
    id bigint generated always as identity primary key,
    case_id uuid not null references cases (id),
    at timestamptz not null,
    kind text not null,
    unit_id text not null default '',
    actor text not null default '',
    description text not null
);
create index case_timeline_by_case on case_timeline (case_id, id);

-- Durable timers: a deadline fires once (fired_at) unless met first (met_at).
create table deadlines (
    id uuid primary key,
    case_id uuid not null references cases (id),
    unit_id text not null,
    kind text not null,
    due_at timestamptz not null,
    met_at timestamptz,
    fired_at timestamptz
);
create index deadlines_pending on deadlines (due_at) where met_at is null and fired_at is null;
create index deadlines_by_task on deadlines (case_id, unit_id);

-- A unit's inbox: what its duty officer was told.
create table notifications (
    id uuid primary key,
    unit_id text not null,
    case_id uuid not null,
    kind text not null,
    message text not null,
    duty_officer text,
    at timestamptz not null
);
create index notifications_by_unit on notifications (unit_id, at desc, id desc);

create table duty_shifts (
    id uuid primary key,
    unit_id text not null,
    officer text not null,
    phone text not null default '',
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    check (ends_at > starts_at)
);
create index duty_shifts_by_unit on duty_shifts (unit_id, starts_at);
