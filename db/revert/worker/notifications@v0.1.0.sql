-- Revert courtbook:worker/notifications from pg

begin;
drop function internal.mark_notification_failed(bigint, text);
drop function internal.mark_notification_sent(bigint);
drop function internal.notification_to_send(bigint);
commit;
