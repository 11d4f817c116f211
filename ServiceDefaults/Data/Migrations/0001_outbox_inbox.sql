-- Transactional outbox: events written in the same transaction as the state they describe.
create table outbox_messages (
    id uuid primary key,
    message_type text not null,
    payload jsonb not null,
    created_at timestamptz not null default now(),
    attempts integer not null default 0,
    last_error text,
    sent_at timestamptz
);
create index outbox_messages_pending on outbox_messages (created_at) where sent_at is null;

-- Idempotent inbox: one row per (consumer, message) handled, committed with the handler's work.
create table inbox_messages (
    consumer text not null,
    message_id uuid not null,
    handled_at timestamptz not null default now(),
    primary key (consumer, message_id)
);
