-- A concluded or closed case can be reopened (a dispute upheld): the latest reopening is kept, and a conclusion or
-- closing counts as the current outcome only when it is later than it (events come out of order: times decide).
alter table referral_progress add column reopened_at timestamptz;
alter table referral_progress add column reopen_reason text;
