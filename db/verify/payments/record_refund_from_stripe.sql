-- Verify courtbook:payments/record_refund_from_stripe on pg

begin;
select 'internal.record_refund_from_stripe(text, text, integer, text, text, bigint)'::regprocedure;
select 1/has_function_privilege('webhook_service', 'internal.record_refund_from_stripe(text, text, integer, text, text, bigint)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'internal.record_refund_from_stripe(text, text, integer, text, text, bigint)', 'execute'))::int;
select 'internal.record_refund_from_stripe(text, text, integer, text)'::regprocedure;
rollback;
