-- Revert courtbook:owner/block_slots from pg

begin;
drop function api.block_slots(bigint[], bigint, timestamptz, timestamptz, text);
drop function api.unblock_slots(bigint[], bigint, timestamptz, timestamptz);
commit;
