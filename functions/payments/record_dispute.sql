-- charge.dispute.created / updated / closed / funds_withdrawn / funds_reinstated:
-- the dispute object (https://docs.stripe.com/api/disputes/object) recorded on
-- the payment it disputes, one row per Stripe dispute. The venue's owner and
-- every admin are told once when courtbook first learns of the dispute
-- (payment_disputed: respond in Stripe before evidence_due_by) and once when it
-- closes (dispute_closed, won or lost). An event older than the one recorded
-- last, or one that would reopen a closed dispute, changes nothing (Stripe does
-- not promise delivery in order: https://docs.stripe.com/webhooks#event-ordering).
-- Outcomes: dispute_opened, dispute_updated, dispute_closed, ignored_stale,
-- unknown_payment.
create function internal.record_dispute(dispute jsonb, event_created_at timestamptz)
returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  pay data.payment;
  d data.dispute;
  owner uuid;
  is_new boolean;
  closed boolean := dispute ->> 'status' in ('won', 'lost', 'warning_closed');
  was_closed boolean := false;
  amount integer := (dispute ->> 'amount')::integer;
  due timestamptz := to_timestamp(nullif(dispute #>> '{evidence_details,due_by}', '')::double precision);
  payload jsonb;
begin
  if dispute ->> 'id' is null or amount is null or amount <= 0 or event_created_at is null then
    perform data.api_error('invalid_input', 'A dispute needs an id, a positive amount and the event''s time', 400);
  end if;
  select * into pay from data.payment p where p.stripe_payment_intent_id = dispute ->> 'payment_intent';
  if not found then
    return 'unknown_payment';
  end if;
  -- booking → payment: the lock order of every writer (confirm_booking_from_payment);
  -- the rows inserted below reference the booking, whose key lock would otherwise
  -- wait for a confirmation that waits for this payment
  perform from data.booking b where b.id = pay.booking_id for update;
  select * into pay from data.payment p where p.id = pay.id for update;
  select v.owner_id into owner from data.booking b join data.venue v on v.id = b.venue_id
  where b.id = pay.booking_id;

  select * into d from data.dispute x where x.stripe_dispute_id = dispute ->> 'id' for update;
  is_new := d.id is null;
  -- Older than what is recorded, or an open status after the dispute closed (won,
  -- lost and warning_closed are final; Stripe's created times have one-second
  -- resolution, so an update and the closing can carry the same time)
  if not is_new and (d.stripe_updated_at > event_created_at or (d.closed_at is not null and not closed)) then
    return 'ignored_stale';
  end if;
  if is_new then
    insert into data.dispute (payment_id, booking_id, stripe_dispute_id, stripe_charge_id, amount_cents,
                              currency, reason, status, evidence_due_by, opened_at, closed_at, stripe_updated_at)
    values (pay.id, pay.booking_id, dispute ->> 'id', dispute ->> 'charge', amount,
            upper(coalesce(dispute ->> 'currency', pay.currency)),
            coalesce(dispute ->> 'reason', 'general'), coalesce(dispute ->> 'status', 'needs_response'), due,
            coalesce(to_timestamp((dispute ->> 'created')::double precision), event_created_at),
            case when closed then clock_timestamp() end, event_created_at)
    returning * into d;
  else
    was_closed := d.closed_at is not null;
    update data.dispute x
       set amount_cents = amount,
           reason = coalesce(dispute ->> 'reason', x.reason),
           status = coalesce(dispute ->> 'status', x.status),
           evidence_due_by = coalesce(due, x.evidence_due_by),
           closed_at = case when closed then coalesce(x.closed_at, clock_timestamp()) end,
           stripe_updated_at = event_created_at,
           updated_at = now()
     where x.id = d.id
    returning * into d;
  end if;

  payload := jsonb_build_object(
    'dispute_id', d.stripe_dispute_id, 'payment_intent_id', pay.stripe_payment_intent_id,
    'amount_cents', d.amount_cents, 'currency', d.currency, 'reason', d.reason, 'status', d.status,
    'evidence_due_by', d.evidence_due_by);
  if is_new then
    insert into data.notification (user_id, kind, booking_id, payload)
    select t.u, 'payment_disputed', pay.booking_id, payload
    from (select owner as u union select a.id from data.app_user a where a.role = 'admin' and a.deleted_at is null) t
    where t.u is not null;
  end if;
  if closed and not was_closed then
    insert into data.notification (user_id, kind, booking_id, payload)
    select t.u, 'dispute_closed', pay.booking_id, payload
    from (select owner as u union select a.id from data.app_user a where a.role = 'admin' and a.deleted_at is null) t
    where t.u is not null;
    return 'dispute_closed';
  end if;
  return case when is_new then 'dispute_opened' else 'dispute_updated' end;
end
$$;
comment on function internal.record_dispute(jsonb, timestamptz) is
'charge.dispute.*: records Stripe''s dispute on its payment (amount, reason, status, evidence due date); the owner and admins are told when it opens (payment_disputed) and when it closes (dispute_closed); an older event is ignored_stale; unknown_payment when the PaymentIntent is not known';

grant execute on function internal.record_dispute(jsonb, timestamptz) to webhook_service, worker_service;
