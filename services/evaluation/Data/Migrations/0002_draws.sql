-- Random draws for targeted evaluations (定向评议). The roster (panel numbers and strata, nothing personal), its hash and
-- the commitment to the seed are published when the draw is committed; the seed, sealed until then, when it is revealed.
create table draws (
    id uuid primary key,
    unit_id text not null,
    purpose text not null,
    seats integer not null,
    substitutes integer not null,
    algorithm text not null,
    grassroots_share_minimum double precision not null,
    roster text[] not null,
    roster_hash text not null,
    commitment text not null,
    sealed_seed bytea not null,
    excluded jsonb not null,
    status text not null,
    committed_at timestamptz not null,
    committed_by text not null,
    public_entropy text,
    seed text,
    revealed_at timestamptz,
    revealed_by text
);
create index draws_unit on draws (unit_id, committed_at);

-- Who a revealed draw seated, and who stands by: in order, per group, and who replaced whom.
create table draw_seats (
    draw_id uuid not null references draws (id),
    panel_number integer not null,
    member_id uuid not null references members (id),
    role text not null,
    grassroots boolean not null,
    position integer not null,
    released_at timestamptz,
    released_reason text,
    replaces integer,
    primary key (draw_id, panel_number)
);
create index draw_seats_member on draw_seats (member_id, role);
