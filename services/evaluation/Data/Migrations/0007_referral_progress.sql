-- What became of the reports evaluation referred into intake (problems found on visits, the work supervisors' referrals),
-- projected by report id from intake's and routing's events. Routing's events may come before intake's (separate queues)
-- and before intake has answered evaluation, so every event upserts its report's row, and each column keeps the first
-- (or, for the handling unit, the latest) value; reads join the referrals to it.
create table referral_progress (
    report_id uuid primary key,
    received_at timestamptz,
    case_id uuid,
    unit_id text,
    routed_at timestamptz,
    acknowledged_at timestamptz,
    concluded_at timestamptz,
    outcome_key text,
    outcome text,
    public_summary text,
    closed_at timestamptz,
    closing_reason_key text
);
