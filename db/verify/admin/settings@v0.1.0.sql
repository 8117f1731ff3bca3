-- Verify courtbook:admin/settings to pg

begin;
select 1/has_function_privilege('admin', 'api.set_commission(bigint, integer)', 'execute')::int;
select 1/has_function_privilege('admin', 'api.set_platform_settings(integer, integer, integer)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.set_commission(bigint, integer)', 'execute'))::int;
select 1/(not has_function_privilege('anon', 'api.set_platform_settings(integer, integer, integer)', 'execute'))::int;
select 1/(not has_function_privilege('player', 'api.set_commission(bigint, integer)', 'execute'))::int;
select 1/(not has_function_privilege('player', 'api.set_platform_settings(integer, integer, integer)', 'execute'))::int;
rollback;
