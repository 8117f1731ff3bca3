-- Engine functions the worker calls (docs/internal-contract.md) whose own change
-- grants them to the webhook service only: reconciliation records a PaymentIntent
-- that Stripe knows and courtbook does not (a lost POST /payments/intent answer).
grant execute on function internal.record_payment_intent(bigint, text, integer, text, integer, text, boolean)
  to worker_service;
