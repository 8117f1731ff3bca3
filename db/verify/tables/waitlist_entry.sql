-- Verify courtbook:tables/waitlist_entry on pg

begin;
select id, player_id, venue_id, court_id, sport, from_at, to_at, created_at, status,
       offer_booking_id, offer_slot_id, offered_at, offer_until, closed_at
from data.waitlist_entry where false;
select 1/(select count(*)::int from pg_policies
          where schemaname = 'data' and tablename = 'waitlist_entry' and policyname = 'player_reads_own_waitlist_entries');
rollback;
