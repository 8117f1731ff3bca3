-- Verify courtbook:tables/refund_life_cycle on pg

begin;
select stripe_status, retry_of, external from data.refund where false;
rollback;
