create table probe_handled (
    report_id uuid not null,
    message_id uuid not null,
    handled_at timestamptz not null default now()
);
