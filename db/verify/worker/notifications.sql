-- Verify courtbook:worker/notifications to pg

begin;
select 1/has_function_privilege('worker_service', 'internal.notification_to_send(bigint, interval, integer)', 'execute')::int;
select 1/has_function_privilege('worker_service', 'internal.claim_notifications(interval, integer, integer, interval)', 'execute')::int;
select 1/has_function_privilege('worker_service', 'internal.mark_notification_sent(bigint)', 'execute')::int;
select 1/has_function_privilege('worker_service', 'internal.mark_notification_failed(bigint, text, integer, boolean)', 'execute')::int;
select 1/(not has_function_privilege('worker_service', 'internal.lease_notifications(bigint, interval, integer, integer, interval)', 'execute'))::int;
rollback;
