-- Revert courtbook:owner/courts from pg: back to its @v0.1.0 version (json answers)

begin;
drop function api.create_court(bigint, text, text, text, boolean);
drop function api.update_court(bigint, text, text, text, boolean);
drop type api.court_answer;
\ir ../../../functions/owner/courts@v0.1.0.sql
commit;
