-- Verify courtbook:tables/booking_slot to pg

begin;
select booking_id, slot_id, price_cents, active
from data.booking_slot where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.booking_slot'::regclass;
rollback;
