-- The bulletins (and GetIndicators) count a case in a period only by moments at or after the period's start: each key is
-- the earlier of a moment and its deadline, so never later than the latest of the case's moments. This index lets a month
-- read the cases with anything in or after it instead of every case ever (docs/adr/0015; ./run.sh bench bulletin).
create index case_facts_latest_moment on case_facts
    ((greatest(opened_at, acknowledge_by, close_by, concluded_at, feedback_by, feedback_at)));
-- The planner knows an expression's values only once the table is analyzed: without it a month looks like a third of all cases.
analyze case_facts;
