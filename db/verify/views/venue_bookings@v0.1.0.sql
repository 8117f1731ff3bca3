-- Verify courtbook:views/venue_bookings to pg

begin;
select id, venue_id, venue_name, player_id, player_name, status, amount_cents, currency, slots, payment_status from api.venue_bookings where false;
select 1/has_table_privilege('owner', 'api.venue_bookings', 'select')::int;
select 1/has_table_privilege('admin', 'api.venue_bookings', 'select')::int;
select 1/(not has_table_privilege('player', 'api.venue_bookings', 'select'))::int;
rollback;
