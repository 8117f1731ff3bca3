-- Verify courtbook:bookings/cancel_booking to pg

begin;
select 1/has_function_privilege('player', 'api.cancel_booking(bigint, text)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.cancel_booking(bigint, text)', 'execute'))::int;
select 1/has_function_privilege('owner', 'api.owner_cancel_booking(bigint, text)', 'execute')::int;
select 1/(not has_function_privilege('player', 'api.owner_cancel_booking(bigint, text)', 'execute'))::int;
rollback;
