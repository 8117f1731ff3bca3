-- Reconciliation candidates: confirmed bookings whose Stripe payment is missing
-- or has not succeeded. A walk-in or phone booking (owner_book, paid at the
-- venue) never has a Stripe payment: it is not a candidate (0.2; before, every
-- walk-in became a reconciliation case).
create or replace function internal.confirmed_bookings_without_payment()
returns table (booking_id bigint, payment_intent_id text)
language sql stable security definer
set search_path = pg_catalog, public
as $$
  select b.id, p.stripe_payment_intent_id
  from data.booking b left join data.payment p on p.booking_id = b.id
  where b.status = 'confirmed' and not b.paid_at_venue
    and (p.id is null or p.status <> 'succeeded')
  order by b.id
$$;
comment on function internal.confirmed_bookings_without_payment() is
'Confirmed bookings paid online whose payment is missing or not succeeded: for reconciliation (walk-ins paid at the venue are not)';

grant execute on function internal.confirmed_bookings_without_payment() to worker_service;
