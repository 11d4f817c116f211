-- The team's work records: talks, interviews, visits, field investigations, documents reviewed. A citizen interviewee's
-- identity is sealed (AES-256-GCM, bound to the record's id) and only ever opened for an audited reveal.
create table work_records (
    id uuid primary key,
    tour_id uuid not null references tours (id),
    kind text not null,
    held_on date not null,
    inspector_ids text[] not null,
    cadre_ids text[] not null,
    notes text not null,
    interviewee_sealed bytea,
    recorded_by text not null,
    recorded_at timestamptz not null
);

create index work_records_by_tour on work_records (tour_id, recorded_at desc, id desc);

-- Every reveal of an interviewee's identity, written before the identity is answered.
create table interviewee_reveals (
    id uuid primary key,
    record_id uuid not null references work_records (id),
    tour_id uuid not null references tours (id),
    revealed_to text not null,
    reason text not null,
    revealed_at timestamptz not null
);

create index interviewee_reveals_by_tour on interviewee_reveals (tour_id, revealed_at);
