-- Inspection's rectification items as their events tell them: a projection of the log, rebuilt with the others.
create table rectification_items (
    item_id uuid primary key,
    tour_id uuid not null,
    finding_id uuid not null,
    responsible_unit_id text not null,
    deadline date not null,
    opened_at timestamptz not null,
    -- The first time the team verified it: rectification completed.
    verified_at timestamptz,
    -- The latest move wins, so the events of one item give the same row in any order.
    state text not null,
    state_at timestamptz not null
);
create index rectification_items_unit on rectification_items (responsible_unit_id);
