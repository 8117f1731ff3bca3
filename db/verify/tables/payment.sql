-- Verify courtbook:tables/payment to pg

begin;
select id, booking_id, stripe_payment_intent_id, amount_cents, currency, application_fee_cents, destination_account_id, status, amount_received_cents, livemode, created_at, updated_at, succeeded_at
from data.payment where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.payment'::regclass;
rollback;
