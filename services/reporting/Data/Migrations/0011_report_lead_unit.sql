-- Each report carries its case and that case's current lead (docs/adr/0017, third round): the bulletins' reports received
-- per lead unit groups the period's slice of one index range instead of hash-joining it with every case_reports row and
-- probing case_facts for each report. The projection keeps both columns: when the report joins a case (CaseOpened), when it
-- arrives after its case (ReportReceived) and whenever the case's lead is worked out again (assignment, transfer, promotion,
-- acknowledgement, move to the election clock), all under the case's row lock, so any arrival order gives the same row.
alter table report_facts add column case_id uuid, add column lead_unit_id text;

update report_facts r set case_id = cr.case_id, lead_unit_id = f.lead_unit_id
from case_reports cr left join case_facts f on f.case_id = cr.case_id
where cr.report_id = r.report_id;

-- A lead's change reaches the case's reports by this index.
create index report_facts_case on report_facts (case_id);
-- The period's reports by their moment, with the lead they count for: an index-only scan once autovacuum has passed.
drop index report_facts_received;
create index report_facts_received on report_facts (received_at) include (lead_unit_id);
analyze report_facts;
