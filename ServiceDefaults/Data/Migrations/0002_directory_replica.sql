-- The service's copy of routing's directory changes, in the order this service received them.
-- Every instance applies the rows it has not applied yet to its in-memory city directory.
create table directory_replica (
    sequence bigint generated always as identity primary key,
    version bigint not null unique,
    payload jsonb not null,
    recorded_at timestamptz not null default now()
);
