-- Verify courtbook:auth/change_password to pg

begin;
select 1/has_function_privilege('player', 'api.change_password(text, text)', 'execute')::int;
rollback;
