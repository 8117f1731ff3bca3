-- Revert courtbook:auth/login from pg: back to its @v0.1.0 version

begin;
drop function api.login(text, text);
\ir ../../../functions/auth/login@v0.1.0.sql
commit;
