-- Revert courtbook:holds/release_hold from pg: back to its @v0.1.0 version

begin;
drop function api.release_hold(bigint);
drop type api.release_answer;
\ir ../../../functions/holds/release_hold@v0.1.0.sql
commit;
