-- Revert courtbook:auth/login from pg

begin;
drop function api.login(text, text);
commit;
