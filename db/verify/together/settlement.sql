-- Verify courtbook:together/settlement on pg

begin;
select 1/has_function_privilege('worker_service', 'internal.close_split(bigint)', 'execute')::int;
select 1/has_function_privilege('webhook_service', 'internal.balance_context(uuid, bigint)', 'execute')::int;
select 'data.assert_no_outstanding_balance(uuid)'::regprocedure;
rollback;
