-- A PaymentIntent event that is not final: payment_intent.payment_failed (the
-- card was declined or authentication failed: Stripe puts the PaymentIntent
-- back in requires_payment_method and the player may try another card on it),
-- payment_intent.requires_action (3-D Secure) or payment_intent.processing.
-- The booking stays pending and its slots held until held_until: a decline does
-- not extend the hold, and nothing here ends the booking (the hold lapsing,
-- release_hold or payment_intent.canceled does).
--
-- Outcomes: payment_failed / requires_action / processing (recorded),
-- ignored_final (the payment succeeded or was canceled, or the booking was
-- confirmed: never undone), ignored_stale (an event older than the one already
-- recorded), unknown_payment.
create function internal.record_payment_attempt(
  payment_intent_id text,
  stripe_status text,
  error_message text default null,
  event_created_at timestamptz default null
) returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  p data.payment;
  b data.booking;
begin
  if stripe_status is null or stripe_status not in ('requires_payment_method', 'requires_action', 'processing') then
    perform data.api_error('invalid_input', 'stripe_status must be requires_payment_method, requires_action or processing', 400);
  end if;
  select * into p from data.payment where stripe_payment_intent_id = record_payment_attempt.payment_intent_id;
  if p.id is null then
    return 'unknown_payment';
  end if;
  -- booking → payment: the same order as every other writer.
  select * into b from data.booking where id = p.booking_id for update;
  select * into p from data.payment where id = p.id for update;
  if p.status in ('succeeded', 'canceled') or b.status = 'confirmed' then
    return 'ignored_final';
  end if;
  if p.stripe_status_at is not null and event_created_at < p.stripe_status_at then
    return 'ignored_stale';
  end if;
  update data.payment set
    status = case when record_payment_attempt.stripe_status = 'processing' then 'processing' else 'requires_payment' end::data.payment_status,
    stripe_status = record_payment_attempt.stripe_status,
    last_error = case when record_payment_attempt.stripe_status = 'requires_payment_method'
                      then left(coalesce(nullif(btrim(error_message), ''), 'The payment failed'), 500) end,
    stripe_status_at = coalesce(event_created_at, now()),
    updated_at = now()
  where id = p.id;
  return case stripe_status when 'requires_payment_method' then 'payment_failed' else stripe_status end;
end
$$;
comment on function internal.record_payment_attempt(text, text, text, timestamptz) is
'Records a PaymentIntent state that is not final (payment_failed → requires_payment_method with Stripe''s decline message, requires_action, processing) without touching the booking or its hold: payment_failed / requires_action / processing / ignored_final / ignored_stale / unknown_payment';

grant execute on function internal.record_payment_attempt(text, text, text, timestamptz) to webhook_service, worker_service;
