-- Revert courtbook:auth/signup from pg: back to its @v0.1.0 version

begin;
drop function api.signup(text, text, text, text, text);
drop type api.session_answer;
\ir ../../../functions/auth/signup@v0.1.0.sql
commit;
