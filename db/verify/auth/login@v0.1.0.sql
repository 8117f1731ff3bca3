-- Verify courtbook:auth/login to pg

begin;
select 1/has_function_privilege('anon', 'api.login(text, text)', 'execute')::int;
rollback;
