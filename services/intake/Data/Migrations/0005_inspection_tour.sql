-- The inspection tour whose team received a report (channel inspection team): the tour's own reports.
alter table reports add column tour_id uuid;
