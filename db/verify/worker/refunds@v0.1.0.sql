-- Verify courtbook:worker/refunds to pg

begin;
select 1/has_function_privilege('worker_service', 'internal.refund_to_issue(bigint)', 'execute')::int;
select 1/has_function_privilege('worker_service', 'internal.mark_refund_succeeded(bigint, text)', 'execute')::int;
select 1/has_function_privilege('worker_service', 'internal.mark_refund_failed(bigint, text, boolean)', 'execute')::int;
select 1/(not has_function_privilege('player', 'internal.refund_to_issue(bigint)', 'execute'))::int;
rollback;
