-- Revert courtbook:owner/slot_generation_quota from pg

begin;
drop function data.assert_slot_generation_quota(bigint, bigint, date, integer);
commit;
