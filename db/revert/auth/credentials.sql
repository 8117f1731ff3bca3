-- Revert courtbook:auth/credentials from pg

begin;
drop function data.check_phone(text);
drop function data.login_throttle_check(bytea);
drop function data.hash_password(text);
drop function data.check_new_password(text, text);
drop function data.password_matches(text, text);
drop function data.throttle_clear(text, bytea);
drop function data.throttle_fail(text, bytea);
drop function data.throttle_check(text, bytea, integer, interval);
drop function data.throttle_key(text);
commit;
