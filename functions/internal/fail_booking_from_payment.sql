create function internal.fail_booking_from_payment(
  payment_intent_id text,
  new_status data.payment_status,
  reason text
) returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  p data.payment;
  b data.booking;
begin
  if new_status is null or new_status not in ('failed', 'canceled') then
    perform data.api_error('invalid_input', 'new_status must be failed or canceled', 400);
  end if;
  select * into p from data.payment where stripe_payment_intent_id = payment_intent_id;
  if p.id is null then
    return 'unknown_payment';
  end if;
  select * into b from data.booking where id = p.booking_id for update;
  select * into p from data.payment where id = p.id for update;
  if b.status = 'confirmed' or p.status = 'succeeded' then
    return 'ignored_confirmed';
  end if;
  update data.payment set status = new_status, updated_at = now() where id = p.id;
  if b.status = 'cancelled' then
    return 'already_cancelled';
  end if;
  perform data.close_booking(b.id, left(coalesce(nullif(btrim(reason), ''), 'payment ' || new_status::text), 500), null);
  perform data.notify(b.player_id, 'booking_cancelled', b.id,
    jsonb_build_object('booking_id', b.id, 'venue_id', b.venue_id, 'refund_cents', 0,
                       'by', 'payment', 'reason', coalesce(reason, 'payment ' || new_status::text)));
  return 'cancelled';
end
$$;
comment on function internal.fail_booking_from_payment(text, data.payment_status, text) is
'Applies a failed/canceled PaymentIntent: cancels the pending booking and frees its slots. cancelled / ignored_confirmed / already_cancelled / unknown_payment; never undoes a confirmation.';

grant execute on function internal.fail_booking_from_payment(text, data.payment_status, text) to webhook_service, worker_service;
