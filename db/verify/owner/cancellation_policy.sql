-- Verify courtbook:owner/cancellation_policy on pg

begin;
select 1/has_function_privilege('owner', 'api.set_cancellation_policy(bigint, json)', 'execute')::int;
select 1/(not has_function_privilege('player', 'api.set_cancellation_policy(bigint, json)', 'execute'))::int;
rollback;
