-- Revert courtbook:auth/change_password from pg

begin;
drop function api.change_password(text, text);
commit;
