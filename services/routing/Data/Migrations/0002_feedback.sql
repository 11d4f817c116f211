-- Feedback: who reported in their own name, and how each reporter answered the result.
alter table case_reports add column real_name boolean not null default false;
alter table case_reports add column response text;
alter table case_reports add column responded_at timestamptz;
alter table cases add column feedback_result text not null default '';
alter table cases add column feedback_at timestamptz;
alter table cases add column closed_at timestamptz;
