-- Revert courtbook:auth/profile from pg

begin;
drop function api.update_profile(text, text, numeric);
commit;
