-- Revert courtbook:auth/password_reset from pg

begin;
drop function api.reset_password(text, text, text);
drop function api.request_password_reset(text);
commit;
