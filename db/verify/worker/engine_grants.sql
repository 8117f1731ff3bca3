-- Verify courtbook:worker/engine_grants to pg

begin;
select 1/has_function_privilege('worker_service',
  'internal.record_payment_intent(bigint, text, integer, text, integer, text, boolean)', 'execute')::int;
rollback;
