-- Verify courtbook:auth/signup to pg

begin;
select 1/has_function_privilege('anon', 'api.signup(text, text, text, text, text)', 'execute')::int;
rollback;
