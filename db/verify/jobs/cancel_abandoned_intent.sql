-- Verify courtbook:jobs/cancel_abandoned_intent on pg

begin;
select 1/count(*) from pg_trigger where tgname = 'booking_ended_cancels_intent' and tgrelid = 'data.booking'::regclass;
rollback;
