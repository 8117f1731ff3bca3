-- Verify courtbook:admin/revoke_user_sessions on pg

begin;
select 1/has_function_privilege('admin', 'api.revoke_user_sessions(uuid)', 'execute')::int;
select 1/(not has_function_privilege('player', 'api.revoke_user_sessions(uuid)', 'execute'))::int;
select 1/(not has_function_privilege('owner', 'api.revoke_user_sessions(uuid)', 'execute'))::int;
rollback;
