-- Timeline entries are worded when read, in the reader's language: each keeps the key of its words and their
-- arguments. Entries written before read as their stored description; new ones keep it too, in Simplified
-- Chinese, for readers that know only that column.
alter table report_timeline
    add column wording_key text,
    add column wording_args jsonb;
