-- Revert courtbook:worker/notifications from pg: back to its @v0.1.0 version

begin;
-- The released version was written with create function (not or replace).
drop function internal.mark_notification_failed(bigint, text, integer, boolean);
drop function internal.mark_notification_sent(bigint);
drop function internal.claim_notifications(interval, integer, integer, interval);
drop function internal.notification_to_send(bigint, interval, integer);
drop function internal.lease_notifications(bigint, interval, integer, integer, interval);
\ir ../../../functions/worker/notifications@v0.1.0.sql
commit;
