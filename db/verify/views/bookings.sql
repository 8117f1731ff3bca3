-- Verify courtbook:views/bookings to pg

begin;
select id, venue_id, status, amount_cents, currency, held_until, created_at, confirmed_at, cancelled_at, slots, payment_status, refunded_cents, refunds, free_cancellation_until, payment_error, starts_at, ends_at, venue_name, court_names, share, cancellation_policy from api.bookings where false;
select 1/has_table_privilege('player', 'api.bookings', 'select')::int;
select 1/has_function_privilege('player', 'data.caller_booking_refunds(bigint, uuid)', 'execute')::int;
rollback;
