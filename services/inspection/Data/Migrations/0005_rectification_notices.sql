-- The public notice of rectification status (整改情况公开), issued once when the tour closes: its items as they stood then.
alter table tours add column closed_at timestamptz;

create table rectification_notices (
    tour_id uuid primary key references tours (id),
    target_division_code text not null,
    items jsonb not null,
    issued_by text not null,
    issued_at timestamptz not null
);
