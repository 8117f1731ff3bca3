-- Verify courtbook:worker/payment_states to pg

begin;
select 1/has_function_privilege('worker_service', 'internal.payment_states(text[])', 'execute')::int;
rollback;
