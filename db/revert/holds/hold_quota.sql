-- Revert courtbook:holds/hold_quota from pg

begin;
drop function data.assert_hold_quota(uuid, integer, text);
drop function data.retry_after_seconds(timestamptz);
commit;
