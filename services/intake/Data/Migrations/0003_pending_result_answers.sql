-- A reporter's answer given while routing's feedback was still on its way; sent to routing once it arrives.
alter table reports add column pending_answer_accepted boolean, add column pending_answer_at timestamptz;
