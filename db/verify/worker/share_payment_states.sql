-- Verify courtbook:worker/share_payment_states to pg

begin;
select 1/has_function_privilege('worker_service', 'internal.share_payment_states(text[])', 'execute')::int;
rollback;
