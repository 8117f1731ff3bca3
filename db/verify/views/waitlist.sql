-- Verify courtbook:views/waitlist on pg

begin;
select id, venue_id, court_id, sport, "from", "to", status, position, offer_booking_id, offer_slot_id,
       offer_until, created_at, closed_at
from api.waitlist where false;
select 1/has_table_privilege('player', 'api.waitlist', 'select')::int;
rollback;
