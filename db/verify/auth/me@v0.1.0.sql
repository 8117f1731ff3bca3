-- Verify courtbook:auth/me to pg

begin;
select 1/has_function_privilege('player', 'api.me()', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.me()', 'execute'))::int;
rollback;
