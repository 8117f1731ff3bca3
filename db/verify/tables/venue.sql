-- Verify courtbook:tables/venue to pg

begin;
select id, owner_id, name, address, city, lat, lng, timezone, currency, commission_bps, cancellation_window_minutes, stripe_account_id, stripe_charges_enabled, stripe_payouts_enabled, created_at, updated_at
from data.venue where false;
-- the location index is on the search_path-safe wrapper
select 1/count(*) from pg_indexes where indexname = 'venue_location_idx' and indexdef like '%data.venue_earth(lat, lng)%';
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.venue'::regclass;
rollback;
