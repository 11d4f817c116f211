create table findings (
    id uuid primary key,
    tour_id uuid not null references tours (id),
    category text not null,
    description text not null,
    evidence text not null,
    severity text not null,
    cadre_ids text[] not null,
    unit_ids text[] not null,
    recorded_by text not null,
    recorded_at timestamptz not null
);

create index findings_by_tour on findings (tour_id, recorded_at);

-- One report per tour: draft -> submitted -> reviewed | returned (-> draft again) ; reviewed -> fed-back.
create table tour_reports (
    tour_id uuid primary key references tours (id),
    state text not null,
    summary text not null,
    recommendations text not null,
    decided_by text,
    decision_note text,
    updated_at timestamptz not null
);

create table rectification_items (
    id uuid primary key,
    tour_id uuid not null references tours (id),
    finding_id uuid not null references findings (id),
    responsible_unit_id text not null,
    responsible_person text not null,
    measures text not null,
    deadline date not null,
    state text not null,
    evidence text not null default '',
    overdue boolean not null default false,
    created_at timestamptz not null
);

create index rectification_items_by_tour on rectification_items (tour_id);

-- Every change of an item's state, with who made it: the rectification ledger (台账).
create table rectification_changes (
    id uuid primary key,
    item_id uuid not null references rectification_items (id),
    from_state text not null,
    to_state text not null,
    changed_by text not null,
    note text not null,
    changed_at timestamptz not null
);

create index rectification_changes_by_item on rectification_changes (item_id, changed_at);
