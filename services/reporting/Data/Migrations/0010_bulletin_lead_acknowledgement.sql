-- The lead's acknowledgement, kept in case_facts (docs/adr/0017). What counts is the acknowledgement the unit made as
-- lead: a co-unit promoted to lead starts again with a fresh task and a fresh acknowledgement window (routing's
-- TransferAsync), so an acknowledgement it made before it became lead does not meet the lead's deadline. Every
-- acknowledgement is kept (not only a unit's first), so the lead's is the earliest at or after it became lead, whatever
-- order the events arrive in; the projection works it out in the transaction of each acknowledgement and assignment.
alter table acknowledgements drop constraint acknowledgements_pkey;
alter table acknowledgements add primary key (case_id, unit_id, at);

-- The acknowledgements already in the log (the table kept each unit's first only).
insert into acknowledgements (case_id, unit_id, at)
select (payload->>'caseId')::uuid, payload->>'unitId', (payload->>'at')::timestamptz
from event_log
where event_type = 'Supervision.Contracts.Events.Routing.CaseAcknowledged'
on conflict do nothing;

-- An election report that joins an ordinary case moves it to the election clock (routing's CaseMovedToElectionClock):
-- the units named must acknowledge within the hour of that report's receipt, and the case closes within its 5 days.
create table election_clock_moves (
    case_id uuid primary key,
    units_to_acknowledge text[] not null,
    acknowledge_by timestamptz not null,
    close_by timestamptz not null,
    at timestamptz not null
);

alter table case_facts add column lead_acknowledged_at timestamptz;
update case_facts f set lead_acknowledged_at = a.at
from (select f2.case_id, min(a.at) as at from case_facts f2
      join acknowledgements a on a.case_id = f2.case_id and a.unit_id = f2.lead_unit_id
      where a.at >= coalesce(f2.assigned_at, '-infinity') group by f2.case_id) a
where f.case_id = a.case_id;
