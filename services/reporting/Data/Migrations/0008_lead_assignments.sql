-- Every lead assignment of a case as routing sent it (opening, dispatch, transfer, and the repeat a joining report
-- carries). case_facts' lead, acknowledgement deadline and closing deadline are worked out from this set, so they are
-- the same whatever order the assignments arrive in (each event type has its own queue, and two instances consume).
create table lead_assignments (
    case_id uuid not null,
    unit_id text not null,
    at timestamptz not null,
    acknowledge_by timestamptz,
    close_by timestamptz not null,
    primary key (case_id, unit_id, at)
);

-- The assignments already in the log, so a case opened before this migration keeps its history when its next assignment
-- comes; RebuildProjections works every case's lead out again from the log.
insert into lead_assignments (case_id, unit_id, at, acknowledge_by, close_by)
select (payload->>'caseId')::uuid, payload->>'unitId', (payload->>'at')::timestamptz, (payload->>'acknowledgeBy')::timestamptz,
       (payload->>'closeBy')::timestamptz
from event_log
where event_type = 'Supervision.Contracts.Events.Routing.CaseAssigned' and (payload->>'lead')::boolean
on conflict do nothing;
