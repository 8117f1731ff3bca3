create function internal.confirmed_bookings_without_payment()
returns table (booking_id bigint, payment_intent_id text)
language sql stable security definer
set search_path = pg_catalog, public
as $$
  select b.id, p.stripe_payment_intent_id
  from data.booking b left join data.payment p on p.booking_id = b.id
  where b.status = 'confirmed' and (p.id is null or p.status <> 'succeeded')
  order by b.id
$$;
comment on function internal.confirmed_bookings_without_payment() is
'Confirmed bookings whose payment is missing or not succeeded: for reconciliation';

grant execute on function internal.confirmed_bookings_without_payment() to worker_service;
