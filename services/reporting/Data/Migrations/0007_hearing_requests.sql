-- Requests to be heard by the head (双向约谈, 接受约谈): reporting's own records. The requester's contact is sealed (ADR 4),
-- bound to the request's id; only the check code's SHA-256 is kept, and the code itself sealed so a retry gets it back.
create table hearing_requests (
    request_id uuid primary key,
    channel text not null check (channel in ('online', 'letter', 'visit')),
    division_code text not null,
    topic text not null,
    sealed_contact bytea not null,
    sealed_check_code bytea not null,
    check_hash bytea not null,
    received_at timestamptz not null,
    -- The staff member who entered a letter or a visit; null for a request sent online.
    entered_by text,
    idempotency_key text not null unique,
    request_hash bytea not null,
    status text not null default 'received' check (status in ('received', 'scheduled', 'declined')),
    decided_at timestamptz,
    decided_by text,
    decline_reason text,
    check ((channel = 'online') = (entered_by is null))
);
create index hearing_requests_listing on hearing_requests (division_code, received_at, request_id);

-- Every reveal of a requester's contact: who, why, when; written in the transaction that opens the contact.
create table hearing_requester_reveals (
    reveal_id uuid primary key,
    request_id uuid not null references hearing_requests,
    revealed_to text not null,
    reason text not null,
    revealed_at timestamptz not null
);
create index hearing_requester_reveals_request on hearing_requester_reveals (request_id, revealed_at);

-- The interview a request is scheduled as: its interviewee is the requester, neither a cadre nor a unit of the directory.
alter table head_interviews add column hearing_request_id uuid unique references hearing_requests;
alter table head_interviews drop constraint head_interviews_check;
alter table head_interviews add constraint head_interviews_interviewee check (
    case when hearing_request_id is null then (cadre_id is null) <> (unit_id is null) else cadre_id is null and unit_id is null end);
