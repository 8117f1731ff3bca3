-- Revert courtbook:auth/signup from pg

begin;
drop function api.signup(text, text, text, text, text);
commit;
