-- Revert courtbook:holds/hold_slots from pg: back to its @v0.1.0 version

begin;
drop function api.hold_slots(bigint[], text);
drop function data.hold_slots_for(uuid, bigint[], text);
drop type api.hold;
\ir ../../../functions/holds/hold_slots@v0.1.0.sql
commit;
