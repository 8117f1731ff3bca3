-- Verify courtbook:owner/check_in on pg

begin;
select 1/has_function_privilege('owner', 'api.check_in(bigint)', 'execute')::int;
select 1/has_function_privilege('owner', 'api.mark_no_show(bigint)', 'execute')::int;
select 1/has_function_privilege('owner', 'api.undo_no_show(bigint)', 'execute')::int;
select 1/has_function_privilege('admin', 'api.set_no_show_rules(bigint, integer, integer)', 'execute')::int;
select 1/(not has_function_privilege('player', 'api.check_in(bigint)', 'execute'))::int;
select 1/(not has_function_privilege('anon', 'api.mark_no_show(bigint)', 'execute'))::int;
rollback;
