-- Verify courtbook:internal/record_payment_intent to pg

begin;
select 1/has_function_privilege('webhook_service', 'internal.record_payment_intent(bigint, text, integer, text, integer, text, boolean)', 'execute')::int;
select 1/(not has_function_privilege('player', 'internal.record_payment_intent(bigint, text, integer, text, integer, text, boolean)', 'execute'))::int;
rollback;
