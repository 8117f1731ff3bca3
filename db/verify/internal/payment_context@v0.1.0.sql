-- Verify courtbook:internal/payment_context to pg

begin;
select 1/has_function_privilege('webhook_service', 'internal.payment_context(bigint, uuid)', 'execute')::int;
select 1/(not has_function_privilege('player', 'internal.payment_context(bigint, uuid)', 'execute'))::int;
rollback;
