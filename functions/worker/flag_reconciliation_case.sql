create function internal.flag_reconciliation_case(
  kind text,
  booking_id bigint,
  payment_intent_id text,
  detail text
) returns boolean
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
begin
  -- One open case per (kind, booking, PaymentIntent), nulls included: reconciliation
  -- runs every few minutes and must not file the same problem again and again.
  perform pg_advisory_xact_lock(hashtext('reconciliation_case'),
    hashtext(coalesce(kind, '') || '/' || coalesce(booking_id::text, '') || '/' || coalesce(payment_intent_id, '')));
  if exists (
    select from data.reconciliation_case c
     where c.kind = flag_reconciliation_case.kind
       and c.booking_id is not distinct from flag_reconciliation_case.booking_id
       and c.stripe_payment_intent_id is not distinct from flag_reconciliation_case.payment_intent_id
       and c.resolved_at is null
  ) then
    return false;
  end if;
  insert into data.reconciliation_case (kind, booking_id, stripe_payment_intent_id, detail)
  values (flag_reconciliation_case.kind, flag_reconciliation_case.booking_id,
          flag_reconciliation_case.payment_intent_id, left(flag_reconciliation_case.detail, 2000))
  on conflict (kind, stripe_payment_intent_id, booking_id) do nothing;
  return found;
end
$$;
comment on function internal.flag_reconciliation_case(text, bigint, text, text) is
  'Worker: files a payment/booking mismatch for a human once (kind paid_not_booked, booked_not_paid, amount_mismatch or unknown_payment); false when an open case exists';

grant execute on function internal.flag_reconciliation_case(text, bigint, text, text) to worker_service;
