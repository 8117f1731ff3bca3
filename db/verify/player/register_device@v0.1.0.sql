-- Verify courtbook:player/register_device to pg

begin;
select 1/has_function_privilege('player', 'api.register_device(text, text)', 'execute')::int;
select 1/has_function_privilege('owner', 'api.register_device(text, text)', 'execute')::int;
select 1/has_function_privilege('admin', 'api.register_device(text, text)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.register_device(text, text)', 'execute'))::int;
rollback;
