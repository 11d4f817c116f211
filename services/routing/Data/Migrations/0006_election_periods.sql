-- Intake's election periods, kept from ElectionPeriodSet and ElectionPeriodDeleted (each on its own queue,
-- so a deletion may arrive first: it leaves a tombstone that a late "set" does not revive).
create table election_periods (
    id uuid primary key,
    division_code text not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    deleted boolean not null default false
);
create index election_periods_by_division on election_periods (division_code) where not deleted;
