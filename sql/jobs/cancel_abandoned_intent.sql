-- When a pending booking ends (release_hold, cancel, expiry, a lazy expiry by
-- another player's hold) while its PaymentIntent may still be paid, the worker
-- cancels the PaymentIntent at Stripe (task cancel_payment_intent, idempotency
-- key cancel-<pi>), so an abandoned booking cannot be charged afterwards. The
-- job is deferred in the transaction that ends the booking, like the refund and
-- notification jobs (defer_triggers.sql). A payment that succeeds before Stripe
-- gets the cancel is refunded by confirm_booking_from_payment, as any late one.
create function internal.defer_cancel_intent_job() returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  pi text;
begin
  select p.stripe_payment_intent_id into pi from data.payment p
  where p.booking_id = new.id and p.status in ('requires_payment', 'processing');
  if pi is not null then
    perform internal.defer_job('payments', 'cancel_payment_intent', 'payment_intent:' || pi,
                               jsonb_build_object('payment_intent_id', pi, 'booking_id', new.id));
  end if;
  return null;
end
$$;
comment on function internal.defer_cancel_intent_job() is
  'Trigger: a pending booking that ends with a live PaymentIntent gets a cancel_payment_intent job in the same transaction';

create trigger booking_ended_cancels_intent
  after update of status on data.booking
  for each row when (old.status = 'pending' and new.status = 'cancelled')
  execute function internal.defer_cancel_intent_job();
