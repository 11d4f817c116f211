-- The bulletins read the slice of cases whose latest moment is at or after the period's start (0009_bulletin_indexes.sql).
-- The same index now carries every column the per-unit statement reads, so the slice is an index-only scan: no heap
-- page, and no acknowledgement probe per case (the lead's acknowledgement is a column since
-- 0010_bulletin_lead_acknowledgement.sql). docs/adr/0017.
drop index case_facts_latest_moment;
create index case_facts_latest_moment on case_facts
    ((greatest(opened_at, acknowledge_by, close_by, concluded_at, feedback_by, feedback_at)))
    include (lead_unit_id, opened_at, election_clock, acknowledge_by, lead_acknowledged_at, close_by, concluded_at, outcome, feedback_by,
             feedback_at, real_name_feedback, case_id);
analyze case_facts;
