-- Verify courtbook:internal/fail_booking_from_payment to pg

begin;
select 1/has_function_privilege('webhook_service', 'internal.fail_booking_from_payment(text, data.payment_status, text)', 'execute')::int;
select 1/(not has_function_privilege('player', 'internal.fail_booking_from_payment(text, data.payment_status, text)', 'execute'))::int;
rollback;
