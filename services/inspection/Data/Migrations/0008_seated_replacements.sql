-- A member recused mid-tour is replaced once: plan staff seat the replacement, recorded on the recused member's row
-- (replaced_by) and on the new member's row (seated_at: a replacement acts for the tour only once their declaration is signed).
alter table tour_members add column replaced_by text references inspectors (id);
alter table tour_members add column seated_at timestamptz;
