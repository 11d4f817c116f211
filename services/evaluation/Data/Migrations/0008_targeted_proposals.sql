-- Complaints per unit, for targeted-evaluation proposals (定向评议): each report intake received about units (its subjects,
-- a cadre counting for the cadre's unit) counts once routing has opened a case for it. Intake's and routing's events come on
-- separate queues in either order, so each upserts the report's row; a report counts when both have come.
create table unit_complaints (
    report_id uuid primary key,
    unit_ids text[] not null default '{}',
    received_at timestamptz,
    case_id uuid,
    opened_at timestamptz
);
create index unit_complaints_units on unit_complaints using gin (unit_ids);
create index unit_complaints_received on unit_complaints (received_at);

-- A unit proposed for a targeted evaluation, with the figures that made it one. At most one open proposal per unit (two
-- instances may count the same complaint at once); staff accept it (a draw is committed for the unit) or dismiss it.
create table targeted_proposals (
    id uuid primary key,
    unit_id text not null,
    division_code text not null,
    complaints integer not null,
    city_median double precision not null,
    window_months integer not null,
    status text not null,
    proposed_at timestamptz not null,
    decided_at timestamptz,
    decided_by text,
    dismissal_reason text,
    draw_id uuid references draws (id)
);
create unique index targeted_proposals_one_open on targeted_proposals (unit_id) where status = 'proposed';
create index targeted_proposals_unit on targeted_proposals (unit_id, proposed_at);
create index targeted_proposals_listing on targeted_proposals (proposed_at desc, id desc);
