-- Verify courtbook:auth/profile to pg

begin;
select 1/has_function_privilege('player', 'api.update_profile(text, text, numeric)', 'execute')::int;
rollback;
