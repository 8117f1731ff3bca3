-- Verify courtbook:internal/confirmed_bookings_without_payment to pg

begin;
select 1/has_function_privilege('worker_service', 'internal.confirmed_bookings_without_payment()', 'execute')::int;
select 1/(not has_function_privilege('player', 'internal.confirmed_bookings_without_payment()', 'execute'))::int;
rollback;
