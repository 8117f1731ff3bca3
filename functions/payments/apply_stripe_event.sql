-- Applies a stored Stripe event exactly once. The event row is locked FOR UPDATE,
-- so two deliveries of one event that arrive together serialize here and the
-- second finds it applied. Everything the event causes (booking status, slots,
-- refund rows, notifications) happens in the caller's transaction together with
-- `applied_at`: it all commits or none of it does.
--
-- Outcomes: the dispatched function's answer (confirmed, already_confirmed,
-- refund_queued, amount_mismatch, payment_failed, requires_action, processing,
-- ignored_final, ignored_stale, cancelled, ignored_confirmed, already_cancelled,
-- updated, recorded_external, recorded_external_pending, retry_queued,
-- reconciliation_case, dispute_opened, dispute_updated, dispute_closed,
-- account_updated, ...), or
--   already_applied   applied before (a redelivery)
--   unknown_event     no such stored event
--   ignored_mode      livemode differs from expected_livemode: marked applied, nothing done
--   ignored_type      a type courtbook does not act on: marked applied
--   ignored_stale     an account.updated older than one already applied
--   waiting           its PaymentIntent (or account) is not recorded yet: kept
--                     unapplied, applied later by apply_pending_stripe_events
--   error             the dispatch raised: kept unapplied, error in last_error
--
-- expected_livemode: null = the setting courtbook.stripe_livemode if set, else no check.
create or replace function internal.apply_stripe_event(event_id text, expected_livemode boolean default null)
returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
<<apply>>
declare
  e data.stripe_event;
  obj jsonb;
  expected boolean := coalesce(expected_livemode, nullif(current_setting('courtbook.stripe_livemode', true), '')::boolean);
  outcome text;
  keep boolean := false;
  pi text;
  refund jsonb;
  recorded integer;
  err text;
begin
  select * into e from data.stripe_event s where s.id = apply_stripe_event.event_id for update;
  if not found then
    return 'unknown_event';
  end if;
  if e.applied_at is not null then
    return 'already_applied';
  end if;
  if expected is not null and e.livemode <> expected then
    update data.stripe_event s
       set applied_at = clock_timestamp(), attempts = s.attempts + 1, outcome = 'ignored_mode',
           last_error = format('ignored: livemode %s, expected %s', e.livemode, expected)
     where s.id = e.id;
    return 'ignored_mode';
  end if;

  obj := e.payload -> 'data' -> 'object';
  begin
    case
    -- Split payment (functions/together/share_payments.sql): a share's or a
    -- cover's PaymentIntent and its charge's events.
    when e.type ~ '^(payment_intent|charge)\.'
         and data.is_share_intent(case when e.type like 'charge.%' then obj ->> 'payment_intent' else obj ->> 'id' end) then
      outcome := internal.apply_share_event(e.type, obj, e.stripe_created_at);
      keep := outcome = 'unknown_payment';

    when e.type = 'payment_intent.succeeded' then
      pi := obj ->> 'id';
      if not exists (select from data.payment p where p.stripe_payment_intent_id = pi) then
        outcome := 'waiting'; keep := true;
      else
        outcome := internal.confirm_booking_from_payment(
          pi,
          coalesce((obj ->> 'amount_received')::integer, (obj ->> 'amount')::integer),
          upper(obj ->> 'currency'));
        keep := outcome = 'unknown_payment';
      end if;

    when e.type in ('payment_intent.payment_failed', 'payment_intent.requires_action',
                    'payment_intent.processing') then
      -- Not final: a declined card goes back to requires_payment_method and the
      -- player retries on the same PaymentIntent; the hold stays as it is.
      pi := obj ->> 'id';
      if not exists (select from data.payment p where p.stripe_payment_intent_id = pi) then
        outcome := 'waiting'; keep := true;
      else
        outcome := internal.record_payment_attempt(
          pi,
          case e.type when 'payment_intent.payment_failed' then 'requires_payment_method'
                      else replace(e.type, 'payment_intent.', '') end,
          left(obj #>> '{last_payment_error,message}', 500),
          e.stripe_created_at);
        keep := outcome = 'unknown_payment';
      end if;

    when e.type = 'payment_intent.canceled' then
      pi := obj ->> 'id';
      if not exists (select from data.payment p where p.stripe_payment_intent_id = pi) then
        outcome := 'waiting'; keep := true;
      else
        outcome := internal.fail_booking_from_payment(
          pi, 'canceled',
          left(coalesce('payment canceled: ' || (obj ->> 'cancellation_reason'), 'payment canceled'), 500));
        keep := outcome = 'unknown_payment';
      end if;

    when e.type = 'charge.refunded' then
      pi := obj ->> 'payment_intent';
      if pi is null or not exists (select from data.payment p where p.stripe_payment_intent_id = pi) then
        outcome := 'waiting'; keep := true;
      elsif jsonb_typeof(obj #> '{refunds,data}') = 'array' then
        -- The refunds listed on the charge (API versions before 2022-11-15, localstripe).
        outcome := 'no_refund';
        for refund in select * from jsonb_array_elements(obj #> '{refunds,data}') loop
          outcome := internal.record_refund_from_stripe(
            pi, refund ->> 'id', (refund ->> 'amount')::integer, refund ->> 'status',
            refund ->> 'failure_reason', data.stripe_refund_metadata_id(refund));
        end loop;
      else
        -- Newer API versions list no refunds on the charge: record what
        -- amount_refunded adds to what is already known at Stripe (succeeded,
        -- or pending with a Stripe id; charge.refund.updated finishes those).
        select coalesce(sum(f.amount_cents), 0) into recorded
        from data.refund f join data.payment p on p.id = f.payment_id
        where p.stripe_payment_intent_id = pi
          and (f.status = 'succeeded' or (f.status = 'pending' and f.stripe_refund_id is not null));
        if (obj ->> 'amount_refunded')::integer > recorded then
          outcome := internal.record_refund_from_stripe(
            pi, null, (obj ->> 'amount_refunded')::integer - recorded, 'succeeded');
        else
          outcome := 'already_recorded';
        end if;
      end if;

    when e.type = 'charge.refund.updated' then
      -- A refund's status moved (https://docs.stripe.com/api/events/types#event_types-charge.refund.updated):
      -- pending → succeeded or failed, or a succeeded refund failed later.
      pi := obj ->> 'payment_intent';
      if pi is null or not exists (select from data.payment p where p.stripe_payment_intent_id = pi) then
        outcome := 'waiting'; keep := true;
      else
        outcome := internal.record_refund_from_stripe(
          pi, obj ->> 'id', (obj ->> 'amount')::integer, obj ->> 'status',
          obj ->> 'failure_reason', data.stripe_refund_metadata_id(obj));
        keep := outcome = 'unknown_payment';
      end if;

    when e.type in ('charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed',
                    'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated') then
      -- The dispute object: https://docs.stripe.com/api/disputes/object
      pi := obj ->> 'payment_intent';
      if pi is null or not exists (select from data.payment p where p.stripe_payment_intent_id = pi) then
        outcome := 'waiting'; keep := true;
      else
        outcome := internal.record_dispute(obj, e.stripe_created_at);
        keep := outcome = 'unknown_payment';
      end if;

    when e.type = 'account.updated' then
      if exists (
        select from data.stripe_event o
        where o.type = 'account.updated' and o.object_id = e.object_id and o.id <> e.id
          and o.applied_at is not null and o.stripe_created_at > e.stripe_created_at
          and o.last_error is null
      ) then
        outcome := 'ignored_stale';
      elsif internal.update_stripe_account_status(
              obj ->> 'id',
              coalesce((obj ->> 'charges_enabled')::boolean, false),
              coalesce((obj ->> 'payouts_enabled')::boolean, false)) then
        outcome := 'account_updated';
      else
        outcome := 'waiting'; keep := true;  -- the account is stored after Stripe created it
      end if;

    else
      outcome := 'ignored_type';
    end case;
  exception when others then
    get stacked diagnostics err = message_text;
    update data.stripe_event s
       set attempts = s.attempts + 1, outcome = 'error', last_error = left(sqlstate || ': ' || err, 2000)
     where s.id = e.id;
    return 'error';
  end;

  if keep then
    update data.stripe_event s
       set attempts = s.attempts + 1, outcome = 'waiting',
           last_error = format('waiting: %s %s is not recorded yet', e.type, coalesce(e.object_id, '?'))
     where s.id = e.id;
    return 'waiting';
  end if;
  update data.stripe_event s
     set applied_at = clock_timestamp(), attempts = s.attempts + 1, outcome = apply.outcome, last_error = null
   where s.id = e.id;
  return outcome;
end
$$;
comment on function internal.apply_stripe_event(text, boolean) is
'Applies a stored Stripe event exactly once (row locked FOR UPDATE): payment_intent.succeeded confirms, payment_failed/requires_action/processing keep the hold (record_payment_attempt), canceled cancels, charge.refunded and charge.refund.updated follow each refund (record_refund_from_stripe), charge.dispute.* records disputes (record_dispute), account.updated keeps the venue''s account status; an event whose PaymentIntent/account is unknown stays unapplied (waiting); a wrong livemode is ignored';

grant execute on function internal.apply_stripe_event(text, boolean) to webhook_service, worker_service;
