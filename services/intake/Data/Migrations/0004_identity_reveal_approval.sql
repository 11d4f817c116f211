-- Revealing an identity: one person requests with a reason, another approves; the requester then reveals.
create table identity_reveal_requests (
    id uuid primary key,
    report_id uuid not null references reports (id),
    state smallint not null,
    requested_by text not null,
    requester_role text not null,
    requester_division_code text not null,
    reason text not null,
    requested_at timestamptz not null,
    decided_by text,
    decision_reason text not null default '',
    decided_at timestamptz,
    revealed_at timestamptz
);
create index identity_reveal_requests_by_time on identity_reveal_requests (requested_at desc, id desc);

-- identity_reveals becomes the audit of every step: requested, approved, denied, revealed.
alter table identity_reveals rename column revealed_by to actor;
alter table identity_reveals add column action text not null default 'revealed', add column request_id uuid references identity_reveal_requests (id);
