-- Verify courtbook:worker/notifications to pg

begin;
select 1/has_function_privilege('worker_service', 'internal.notification_to_send(bigint)', 'execute')::int;
select 1/has_function_privilege('worker_service', 'internal.mark_notification_sent(bigint)', 'execute')::int;
select 1/has_function_privilege('worker_service', 'internal.mark_notification_failed(bigint, text)', 'execute')::int;
rollback;
