-- Verify courtbook:tables/share_payment on pg

begin;
select id, booking_id, kind, share_id, player_id, idempotency_key, stripe_payment_intent_id, status from data.share_payment where false;
select id, share_payment_id, amount_cents, status, idempotency_key from data.share_refund where false;
rollback;
