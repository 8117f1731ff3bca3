-- Revert courtbook:jobs/cancel_abandoned_intent from pg

begin;
drop trigger booking_ended_cancels_intent on data.booking;
drop function internal.defer_cancel_intent_job();
commit;
