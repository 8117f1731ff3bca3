-- Verify courtbook:internal/record_payment_attempt on pg

begin;
select 1/has_function_privilege('webhook_service', 'internal.record_payment_attempt(text, text, text, timestamptz)', 'execute')::int;
rollback;
