-- Revert courtbook:worker/engine_grants from pg

begin;
revoke execute on function internal.record_payment_intent(bigint, text, integer, text, integer, text, boolean)
  from worker_service;
commit;
