-- One daily dispatch per working day: the key keeps a second instance (or a second timer) from making another.
create table daily_dispatches (
    dispatch_date date primary key,
    generated_at timestamptz not null,
    period_from timestamptz not null,
    period_to timestamptz not null,
    content jsonb not null
);
