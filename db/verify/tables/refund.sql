-- Verify courtbook:tables/refund to pg

begin;
select id, payment_id, booking_id, amount_cents, currency, reason, status, idempotency_key, stripe_refund_id, requested_by, attempts, last_error, created_at, updated_at
from data.refund where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.refund'::regclass;
rollback;
