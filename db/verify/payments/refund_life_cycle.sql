-- Verify courtbook:payments/refund_life_cycle on pg

begin;
select 1 / has_function_privilege('worker_service', 'internal.refund_submitted(bigint, text, text)', 'execute')::int;
select 1 / has_function_privilege('webhook_service', 'internal.refund_failed_at_stripe(bigint, text, text)', 'execute')::int;
rollback;
