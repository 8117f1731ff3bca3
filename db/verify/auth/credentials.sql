-- Verify courtbook:auth/credentials to pg

begin;
select 'data.throttle_check(text, bytea, integer, interval)'::regprocedure, 'data.password_matches(text, text)'::regprocedure,
       'data.check_new_password(text, text)'::regprocedure, 'data.check_phone(text)'::regprocedure;
rollback;
