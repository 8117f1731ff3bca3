-- Verify courtbook:views/court_slots to pg

begin;
select id, court_id, venue_id, start_at, end_at, price_cents, status, held_until, blocked_reason, booking_id from api.court_slots where false;
select 1/has_table_privilege('owner', 'api.court_slots', 'select')::int;
select 1/has_table_privilege('admin', 'api.court_slots', 'select')::int;
select 1/(not has_table_privilege('player', 'api.court_slots', 'select'))::int;
rollback;
