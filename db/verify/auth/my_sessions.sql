-- Verify courtbook:auth/my_sessions to pg

begin;
select 1/has_function_privilege('player', 'api.my_sessions()', 'execute')::int;
select 1/has_function_privilege('player', 'api.revoke_session(uuid)', 'execute')::int;
rollback;
