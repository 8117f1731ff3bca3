-- Verify courtbook:tables/payment_attempts on pg

begin;
select stripe_status, last_error, stripe_status_at from data.payment where false;
rollback;
