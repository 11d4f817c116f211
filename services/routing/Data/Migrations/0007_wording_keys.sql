-- Words people read are worded when read, in the reader's language (ADR 10): timeline entries, routing
-- decisions, notifications and phone notices keep the key of their words and its arguments. Rows written
-- before read as their stored text; new rows keep it too, in Simplified Chinese, for readers that know only it.
alter table case_timeline add column wording_key text, add column wording_args jsonb;
alter table case_decisions add column wording_key text, add column wording_args jsonb;
alter table notifications add column wording_key text, add column wording_args jsonb;
alter table phone_notices add column wording_key text, add column wording_args jsonb;
