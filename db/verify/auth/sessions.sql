-- Verify courtbook:auth/sessions to pg

begin;
select 1/has_function_privilege('anon', 'api.check_session()', 'execute')::int;
select 1/has_function_privilege('anon', 'api.refresh_session(text)', 'execute')::int;
select 1/has_function_privilege('webhook_service', 'internal.check_session(jsonb)', 'execute')::int;
select 1/has_function_privilege('player', 'api.logout()', 'execute')::int;
select 1/has_function_privilege('player', 'api.logout_everywhere()', 'execute')::int;
rollback;
