-- Directory maintenance: every change on top of the city's reference data, in order.
create table directory_changes (
    id bigint generated always as identity primary key,
    entity_kind text not null,
    entity_id text not null,
    payload jsonb not null,
    changed_by text not null,
    changed_at timestamptz not null
);
