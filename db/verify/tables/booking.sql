-- Verify courtbook:tables/booking to pg

begin;
select id, player_id, venue_id, status, amount_cents, currency, held_until, idempotency_key, cancellation_window_minutes, created_at, confirmed_at, cancelled_at, cancelled_by, cancel_reason
from data.booking where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.booking'::regclass;
rollback;
