-- Revert courtbook:jobs/defer_triggers from pg

begin;
drop trigger notification_defer_job on data.notification;
drop trigger refund_defer_job on data.refund;
drop function internal.defer_notification_job();
drop function internal.defer_refund_job();
drop function internal.defer_job(text, text, text, jsonb);
commit;
