-- Verify courtbook:internal/expire_holds to pg

begin;
select 1/has_function_privilege('worker_service', 'internal.expire_holds(integer)', 'execute')::int;
select 1/has_function_privilege('worker_service', 'internal.lapsed_holds_with_payment(integer, bigint)', 'execute')::int;
select 1/has_function_privilege('worker_service', 'internal.expire_hold(bigint)', 'execute')::int;
select 1/has_function_privilege('worker_service', 'internal.release_orphaned_holds(integer)', 'execute')::int;
select 1/(not has_function_privilege('player', 'internal.expire_holds(integer)', 'execute'))::int;
select 1/(not has_function_privilege('player', 'internal.lapsed_holds_with_payment(integer, bigint)', 'execute'))::int;
select 1/(not has_function_privilege('player', 'internal.expire_hold(bigint)', 'execute'))::int;
rollback;
