-- Verify courtbook:owner/staff on pg

begin;
select 1/has_function_privilege('owner', 'api.invite_staff(bigint, text, text[], text)', 'execute')::int;
select 1/has_function_privilege('admin', 'api.remove_staff(bigint, uuid)', 'execute')::int;
select 1/(not has_function_privilege('player', 'api.invite_staff(bigint, text, text[], text)', 'execute'))::int;
select 1/(not has_function_privilege('anon', 'api.remove_staff(bigint, uuid)', 'execute'))::int;
rollback;
