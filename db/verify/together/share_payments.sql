-- Verify courtbook:together/share_payments on pg

begin;
select 1/has_function_privilege('webhook_service', 'internal.share_payment_context(bigint, uuid)', 'execute')::int;
select 1/has_function_privilege('worker_service', 'internal.share_refund_to_issue(bigint)', 'execute')::int;
select 'internal.apply_share_event(text, jsonb, timestamptz)'::regprocedure;
select 'data.tell_share_holders_cancelled(data.booking, text, text)'::regprocedure;
rollback;
