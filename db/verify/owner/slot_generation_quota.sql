-- Verify courtbook:owner/slot_generation_quota on pg

begin;
select 'data.assert_slot_generation_quota(bigint, bigint, date, integer)'::regprocedure;
rollback;
