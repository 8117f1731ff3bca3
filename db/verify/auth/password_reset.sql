-- Verify courtbook:auth/password_reset to pg

begin;
select 1/has_function_privilege('anon', 'api.request_password_reset(text)', 'execute')::int;
select 1/has_function_privilege('anon', 'api.reset_password(text, text, text)', 'execute')::int;
rollback;
