-- charge.refunded: what Stripe says was refunded, recorded in data.refund.
-- A refund courtbook asked for (a pending row the worker is carrying out) is
-- matched by its Stripe id, else by amount; a refund made outside courtbook (the
-- Stripe dashboard) becomes a row of its own. Whoever moves a refund to
-- `succeeded` tells the player (refund_issued), exactly once, as the worker's
-- mark_refund_succeeded does.
create function internal.record_refund_from_stripe(
  payment_intent_id text,
  stripe_refund_id text,
  amount_cents integer,
  status text
) returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  pay data.payment;
  r data.refund;
  new_status data.refund_status;
  player uuid;
begin
  if payment_intent_id is null or amount_cents is null or amount_cents <= 0 then
    perform data.api_error('invalid_input', 'A refund needs a PaymentIntent and a positive amount', 400);
  end if;
  new_status := case status
    when 'succeeded' then 'succeeded'
    when 'failed' then 'failed'
    when 'canceled' then 'failed'
    else 'pending'
  end;

  select * into pay from data.payment p
  where p.stripe_payment_intent_id = record_refund_from_stripe.payment_intent_id
  for update;
  if not found then
    return 'unknown_payment';
  end if;
  select b.player_id into player from data.booking b where b.id = pay.booking_id;

  if stripe_refund_id is not null then
    select * into r from data.refund f
    where f.stripe_refund_id = record_refund_from_stripe.stripe_refund_id
    for update;
  end if;
  if r.id is null then
    -- A refund courtbook asked for (or recorded from an event without refund ids)
    -- that has no Stripe id yet: the same amount, pending ones first. Without a
    -- Stripe id (charge.refunded's amount_refunded minus what is recorded as
    -- succeeded) the amount is a new refund: only a pending row can be it, a
    -- succeeded one is already counted and matching it would lose this refund.
    select * into r from data.refund f
    where f.payment_id = pay.id and f.stripe_refund_id is null and f.status <> 'failed'
      and (record_refund_from_stripe.stripe_refund_id is not null or f.status = 'pending')
      and f.amount_cents = record_refund_from_stripe.amount_cents
    order by f.status = 'pending' desc, f.id
    limit 1
    for update;
  end if;

  if r.id is not null then
    if r.status = new_status and r.stripe_refund_id is not distinct from coalesce(stripe_refund_id, r.stripe_refund_id) then
      return 'already_recorded';
    end if;
    update data.refund f
       set stripe_refund_id = coalesce(record_refund_from_stripe.stripe_refund_id, f.stripe_refund_id),
           status = case when new_status = 'pending' then f.status else new_status end,
           updated_at = now()
     where f.id = r.id;
    if new_status = 'succeeded' and r.status <> 'succeeded' then
      insert into data.notification (user_id, kind, booking_id, payload)
      values (player, 'refund_issued', r.booking_id,
              jsonb_build_object('refund_id', r.id, 'amount_cents', r.amount_cents, 'currency', r.currency));
    end if;
    return 'updated';
  end if;

  if new_status <> 'succeeded' then
    -- Not ours and not done: inserting it pending would make the worker refund it again.
    return 'ignored_external_' || new_status::text;
  end if;
  insert into data.refund (payment_id, booking_id, amount_cents, currency, reason, status, stripe_refund_id)
  values (pay.id, pay.booking_id, amount_cents, pay.currency, 'refunded in Stripe, outside courtbook',
          'succeeded', stripe_refund_id)
  returning * into r;
  insert into data.notification (user_id, kind, booking_id, payload)
  values (player, 'refund_issued', r.booking_id,
          jsonb_build_object('refund_id', r.id, 'amount_cents', r.amount_cents, 'currency', r.currency));
  return 'recorded_external';
end
$$;
comment on function internal.record_refund_from_stripe(text, text, integer, text) is
'charge.refunded: records a refund Stripe reports (matches courtbook''s own pending refund, or records one made outside courtbook); unknown_payment when the PaymentIntent is not known';

grant execute on function internal.record_refund_from_stripe(text, text, integer, text)
  to webhook_service, worker_service;
