create function internal.payment_states(payment_intent_ids text[])
returns table (payment_intent_id text, booking_id bigint, payment_status data.payment_status,
               booking_status data.booking_status, amount_cents integer, currency text)
language sql stable security definer
set search_path = pg_catalog, public
as $$
  select p.stripe_payment_intent_id, p.booking_id, p.status, b.status, p.amount_cents, p.currency::text
    from data.payment p
    join data.booking b on b.id = p.booking_id
   where p.stripe_payment_intent_id = any (payment_intent_ids)
$$;
comment on function internal.payment_states(text[]) is
  'Worker (reconciliation): what courtbook knows of these PaymentIntents: booking, payment and booking status';

grant execute on function internal.payment_states(text[]) to worker_service;
