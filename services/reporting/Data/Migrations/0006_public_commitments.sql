-- Units' public commitments of their heads and whether they were kept (承诺践诺), and each unit's code of conduct
-- (日常行为规范): reporting's own records.
create table public_commitments (
    commitment_id uuid primary key,
    unit_id text not null,
    division_code text not null,
    cadre_id text not null,
    commitment text not null,
    due_by date not null,
    published_by text not null,
    published_at timestamptz not null,
    status text not null default 'pending' check (status in ('pending', 'kept', 'not-kept')),
    assessment text,
    assessed_by text,
    assessed_at timestamptz,
    idempotency_key text not null unique,
    request_hash bytea not null
);
create index public_commitments_published on public_commitments (published_at desc, commitment_id desc);

-- The code in force is the latest version; earlier versions stay for the record.
create table codes_of_conduct (
    unit_id text not null,
    version int not null,
    division_code text not null,
    text text not null,
    published_by text not null,
    published_at timestamptz not null,
    primary key (unit_id, version)
);
