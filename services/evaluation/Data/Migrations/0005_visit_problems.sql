-- Problems found on visits, referred into intake as reports (citizen-supervisor channel) and linked back to the visit's
-- record. The row is written before intake is called, so a retry sends the same idempotency key; the receipt code, the
-- only way to follow the report, is sealed.
create table visit_problems (
    id uuid primary key,
    plan_id uuid not null references visit_plans (id),
    record_id uuid not null references visit_records (id),
    unit_id text not null,
    category text not null,
    account text not null,
    cadre_id text,
    status text not null,
    created_at timestamptz not null,
    created_by text not null,
    report_id uuid unique,
    tracking_number text,
    sealed_receipt bytea,
    referred_at timestamptz
);
create index visit_problems_plan on visit_problems (plan_id, created_at);
