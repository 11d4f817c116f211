-- A finding referred for investigation through intake, once: the report intake made of it (its case comes from the projection).
create table finding_referrals (
    finding_id uuid primary key references findings (id),
    tour_id uuid not null references tours (id),
    report_id uuid not null unique,
    tracking_number text not null,
    referred_by text not null,
    referred_at timestamptz not null
);

create index finding_referrals_by_tour on finding_referrals (tour_id, referred_at);
