-- Revert courtbook:owner/block_slots from pg: back to its @v0.1.0 version (json answers)

begin;
drop function api.block_slots(bigint[], bigint, timestamptz, timestamptz, text);
drop function api.unblock_slots(bigint[], bigint, timestamptz, timestamptz);
drop type api.block_answer;
drop type api.unblock_answer;
\ir ../../../functions/owner/block_slots@v0.1.0.sql
commit;
