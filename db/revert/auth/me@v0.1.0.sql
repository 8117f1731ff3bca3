-- Revert courtbook:auth/me from pg

begin;
drop function api.me();
commit;
