-- The cadre work supervisors (干部工作监督员), their observations and the problems they refer into intake. A supervisor's
-- area is a division or a set of units; area_divisions lists the divisions it reaches, for jurisdiction. Contact data
-- is sealed. The unique indexes make a retried observation or referral the same row on either instance.
create table work_supervisors (
    id uuid primary key,
    supervisor_number integer not null unique,
    name text not null,
    gender text not null,
    deputy_kind text not null,
    deputy_body text not null,
    area_division_code text,
    area_unit_ids text[] not null,
    area_divisions text[] not null,
    sealed_contact bytea not null,
    appointed_at timestamptz not null,
    appointed_by text not null,
    demo boolean not null default false,
    check ((area_division_code is null) <> (cardinality(area_unit_ids) = 0))
);
create index work_supervisors_appointed on work_supervisors (appointed_at desc, id desc);

create table supervisor_observations (
    id uuid primary key,
    supervisor_id uuid not null references work_supervisors (id),
    observed_on date not null,
    unit_id text not null,
    cadre_id text not null,
    notes text not null,
    recorded_at timestamptz not null
);
create unique index supervisor_observations_same on supervisor_observations (supervisor_id, observed_on, unit_id, cadre_id, md5(notes));

create table supervisor_referrals (
    id uuid primary key,
    supervisor_id uuid not null references work_supervisors (id),
    observation_id uuid not null references supervisor_observations (id),
    unit_id text not null,
    cadre_id text not null,
    category text not null,
    account text not null,
    status text not null,
    created_at timestamptz not null,
    report_id uuid unique,
    tracking_number text,
    sealed_receipt bytea,
    referred_at timestamptz
);
create unique index supervisor_referrals_same on supervisor_referrals (observation_id, category, md5(account));
create index supervisor_referrals_by_supervisor on supervisor_referrals (supervisor_id, created_at desc, id desc);
