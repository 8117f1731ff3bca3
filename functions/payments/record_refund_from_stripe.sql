-- charge.refunded and charge.refund.updated: what Stripe says about one refund,
-- recorded in data.refund, following Stripe's refund life cycle
-- (https://docs.stripe.com/refunds#refund-statuses: pending / requires_action →
-- succeeded, failed or canceled; a succeeded refund can still fail later,
-- https://docs.stripe.com/refunds#failed-refunds).
--
-- The row is found by its Stripe id, else by courtbook's refund id (the
-- `refund_id` metadata the worker sends), else — a refund courtbook asked for
-- whose Stripe id is not committed yet — by the same amount among the payment's
-- rows without a Stripe id. Then:
--   succeeded  the row succeeds; whoever moves a refund to succeeded tells the
--              player (refund_issued), exactly once, as mark_refund_succeeded does
--   pending, requires_action
--              Stripe id and status kept, still pending, nobody told
--   failed, canceled
--              internal.refund_failed_at_stripe: retried once, then a
--              reconciliation case
-- A refund unknown to courtbook (made in Stripe's dashboard) is recorded once,
-- as external: succeeded (and the player told), or pending with its Stripe id
-- (the worker never carries out an external refund; its update finishes it).
-- Outcomes: updated, already_recorded, recorded_external, recorded_external_pending,
-- ignored_external_failed, ignored_final, retry_queued, reconciliation_case,
-- unknown_payment.
create or replace function internal.record_refund_from_stripe(
  payment_intent_id text,
  stripe_refund_id text,
  amount_cents integer,
  status text,
  failure_reason text,
  courtbook_refund_id bigint
) returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  pay data.payment;
  r data.refund;
  new_status data.refund_status;
  stripe_state text := case when status in ('pending', 'requires_action', 'succeeded', 'failed', 'canceled')
                            then status end;
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

  select * into pay from data.payment p where p.stripe_payment_intent_id = record_refund_from_stripe.payment_intent_id;
  if not found then
    return 'unknown_payment';
  end if;
  -- booking → payment: the lock order of every writer (confirm_booking_from_payment);
  -- the rows inserted below reference the booking, whose key lock would otherwise
  -- wait for a confirmation that waits for this payment
  perform from data.booking b where b.id = pay.booking_id for update;
  select * into pay from data.payment p where p.id = pay.id for update;
  select b.player_id into player from data.booking b where b.id = pay.booking_id;

  if stripe_refund_id is not null then
    select * into r from data.refund f
    where f.stripe_refund_id = record_refund_from_stripe.stripe_refund_id
    for update;
  end if;
  if r.id is null and courtbook_refund_id is not null then
    select * into r from data.refund f
    where f.id = record_refund_from_stripe.courtbook_refund_id and f.payment_id = pay.id
      and (f.stripe_refund_id is null or f.stripe_refund_id = record_refund_from_stripe.stripe_refund_id)
    for update;
  end if;
  if r.id is null then
    -- A refund courtbook asked for (or recorded from an event without refund ids)
    -- that has no Stripe id yet: the same amount, pending ones first. Without a
    -- Stripe id (charge.refunded's amount_refunded minus what is recorded)
    -- the amount is a new refund: only a pending row can be it, a succeeded one
    -- is already counted and matching it would lose this refund.
    select * into r from data.refund f
    where f.payment_id = pay.id and f.stripe_refund_id is null and f.status <> 'failed'
      and (record_refund_from_stripe.stripe_refund_id is not null or f.status = 'pending')
      and f.amount_cents = record_refund_from_stripe.amount_cents
    order by f.status = 'pending' desc, f.id
    limit 1
    for update;
  end if;

  if r.id is not null then
    if new_status = 'failed' then
      if r.status = 'failed' then
        return 'already_recorded';
      end if;
      update data.refund f
         set stripe_refund_id = coalesce(record_refund_from_stripe.stripe_refund_id, f.stripe_refund_id)
       where f.id = r.id;
      return internal.refund_failed_at_stripe(
        r.id, stripe_state, coalesce('Stripe: ' || record_refund_from_stripe.failure_reason, 'Stripe: ' || status));
    end if;
    if r.status = 'failed' then
      return 'ignored_final';  -- Stripe's failed is final; a retry is a row of its own
    end if;
    if r.status = new_status and r.stripe_refund_id is not distinct from coalesce(stripe_refund_id, r.stripe_refund_id)
       and r.stripe_status is not distinct from coalesce(stripe_state, r.stripe_status) then
      return 'already_recorded';
    end if;
    if new_status = 'pending' then
      -- Not final: a pending row keeps waiting; a row already succeeded stays so
      -- (an older event arriving late).
      update data.refund f
         set stripe_refund_id = coalesce(record_refund_from_stripe.stripe_refund_id, f.stripe_refund_id),
             stripe_status = case when f.status = 'pending' then coalesce(stripe_state, f.stripe_status)
                                  else f.stripe_status end,
             updated_at = now()
       where f.id = r.id;
      return 'updated';
    end if;
    update data.refund f
       set stripe_refund_id = coalesce(record_refund_from_stripe.stripe_refund_id, f.stripe_refund_id),
           status = 'succeeded',
           stripe_status = 'succeeded',
           last_error = null,
           updated_at = now()
     where f.id = r.id;
    if r.status <> 'succeeded' then
      insert into data.notification (user_id, kind, booking_id, payload)
      values (player, 'refund_issued', r.booking_id,
              jsonb_build_object('refund_id', r.id, 'amount_cents', r.amount_cents, 'currency', r.currency));
    end if;
    return 'updated';
  end if;

  if new_status = 'failed' then
    return 'ignored_external_failed';  -- not courtbook's, and no money moved
  end if;
  insert into data.refund (payment_id, booking_id, amount_cents, currency, reason, status,
                           stripe_refund_id, stripe_status, external)
  values (pay.id, pay.booking_id, amount_cents, pay.currency, 'refunded in Stripe, outside courtbook',
          new_status, stripe_refund_id, stripe_state, true)
  returning * into r;
  if new_status = 'pending' then
    return 'recorded_external_pending';
  end if;
  insert into data.notification (user_id, kind, booking_id, payload)
  values (player, 'refund_issued', r.booking_id,
          jsonb_build_object('refund_id', r.id, 'amount_cents', r.amount_cents, 'currency', r.currency));
  return 'recorded_external';
end
$$;
comment on function internal.record_refund_from_stripe(text, text, integer, text, text, bigint) is
'charge.refunded / charge.refund.updated: records what Stripe says about one refund (courtbook''s own, matched by Stripe id, refund_id metadata or amount; or one made in the dashboard, recorded once, pending or succeeded); succeeded tells the player once, failed is retried once then a reconciliation case; unknown_payment when the PaymentIntent is not known';

grant execute on function internal.record_refund_from_stripe(text, text, integer, text, text, bigint)
  to webhook_service, worker_service;

-- The released four-argument form (a refund without failure reason and metadata).
create or replace function internal.record_refund_from_stripe(
  payment_intent_id text,
  stripe_refund_id text,
  amount_cents integer,
  status text
) returns text
language sql volatile security definer
set search_path = pg_catalog, public
as $$
  select internal.record_refund_from_stripe(payment_intent_id, stripe_refund_id, amount_cents, status, null, null)
$$;
comment on function internal.record_refund_from_stripe(text, text, integer, text) is
'internal.record_refund_from_stripe(payment_intent_id, stripe_refund_id, amount_cents, status, null, null)';

grant execute on function internal.record_refund_from_stripe(text, text, integer, text)
  to webhook_service, worker_service;
