-- A conflict that appears mid-tour (a report naming a member, a relative declared later) recuses the member: the
-- exclusion is recorded as for a refused team, marked mid-tour, with the replacement proposed from the pool.
alter table recusal_exclusions add column mid_tour boolean not null default false;
alter table recusal_exclusions add column proposed_replacement_id text references inspectors (id);

alter table tour_members add column recused_at timestamptz;
alter table tour_members add column recusal_exclusion_id uuid references recusal_exclusions (id);

-- Which tours an inspector serves on, for the recheck when something new is learnt about them.
create index tour_members_by_inspector on tour_members (inspector_id) where recused_at is null;
