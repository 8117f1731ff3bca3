-- Revert courtbook:owner/generate_slots from pg: back to its @v0.1.0 version
-- (which uses `create function`: the current one goes first).

begin;
drop function api.generate_slots(bigint, bigint, date, integer);
drop type api.generation_answer;
\ir ../../../functions/owner/generate_slots@v0.1.0.sql
commit;
