-- Verify courtbook:tables/balance on pg

begin;
select id, player_id, booking_id, share_payment_id, amount_cents, status from data.balance where false;
rollback;
