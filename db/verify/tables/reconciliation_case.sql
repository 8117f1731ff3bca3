-- Verify courtbook:tables/reconciliation_case to pg

begin;
select id, kind, booking_id, stripe_payment_intent_id, detail, created_at, resolved_at, resolution
from data.reconciliation_case where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.reconciliation_case'::regclass;
rollback;
