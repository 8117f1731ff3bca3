-- Verify courtbook:tables/stripe_event to pg

begin;
select id, type, livemode, stripe_created_at, object_id, payload, received_at, applied_at, outcome, attempts, last_error
from data.stripe_event where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.stripe_event'::regclass;
rollback;
