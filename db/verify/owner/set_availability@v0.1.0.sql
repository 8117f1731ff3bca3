-- Verify courtbook:owner/set_availability to pg

begin;
select 1/has_function_privilege('owner', 'api.set_availability(bigint, json)', 'execute')::int;
select 1/has_function_privilege('admin', 'api.set_availability(bigint, json)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.set_availability(bigint, json)', 'execute'))::int;
select 1/(not has_function_privilege('player', 'api.set_availability(bigint, json)', 'execute'))::int;
rollback;
