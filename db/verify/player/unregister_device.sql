-- Verify courtbook:player/unregister_device to pg

begin;
select 1/has_function_privilege('player', 'api.unregister_device(text)', 'execute')::int;
rollback;
