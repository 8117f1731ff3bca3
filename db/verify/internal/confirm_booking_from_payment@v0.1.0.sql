-- Verify courtbook:internal/confirm_booking_from_payment to pg

begin;
select 1/has_function_privilege('webhook_service', 'internal.confirm_booking_from_payment(text, integer, text)', 'execute')::int;
select 1/(not has_function_privilege('player', 'internal.confirm_booking_from_payment(text, integer, text)', 'execute'))::int;
rollback;
