-- Reports and cases reaching a tour: the tour a team received a report for, and when routing opened each case.
alter table reports_seen add column tour_id uuid;
create index reports_seen_by_tour on reports_seen (tour_id) where tour_id is not null;

alter table cases_seen add column opened_at timestamptz;
alter table cases_seen add column concluded boolean not null default false;
create index cases_seen_by_opening on cases_seen (opened_at) where opened_at is not null;
