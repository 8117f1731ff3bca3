-- Revert courtbook:owner/set_availability from pg: back to its @v0.1.0 version

begin;
drop function api.set_availability(bigint, json);
drop type api.availability_answer;
\ir ../../../functions/owner/set_availability@v0.1.0.sql
commit;
