-- Revert courtbook:auth/me from pg: back to its @v0.1.0 version

begin;
drop function api.me();
drop function data.profile_of(uuid);
drop type api.profile;
\ir ../../../functions/auth/me@v0.1.0.sql
commit;
