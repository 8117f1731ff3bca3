-- Eager expiry (the worker). Lazy expiry is in hold_slots.

-- A PaymentIntent that may still succeed: the worker asks Stripe before expiring.
create function data.has_live_payment(booking_id bigint) returns boolean
language sql stable
set search_path = pg_catalog
as $$
  select exists (select from data.payment p where p.booking_id = has_live_payment.booking_id
                 and p.status in ('requires_payment', 'processing', 'succeeded'))
$$;
comment on function data.has_live_payment(bigint) is 'True when the booking has a PaymentIntent that is not failed or canceled';

create function data.expire_locked_booking(b data.booking) returns void
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
begin
  perform data.close_booking(b.id, 'hold expired', null);
  perform data.notify(b.player_id, 'hold_expired', b.id,
    jsonb_build_object('booking_id', b.id, 'venue_id', b.venue_id));
end
$$;
comment on function data.expire_locked_booking(data.booking) is 'Expires a locked pending booking: cancelled, slots freed, hold_expired notification';

create function internal.expire_holds(batch_size integer default 500)
returns integer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  b data.booking;
  n integer := 0;
begin
  for b in
    select * from data.booking bk
    where bk.status = 'pending' and bk.held_until < now()
      and not data.has_live_payment(bk.id)
    order by bk.held_until
    limit greatest(coalesce(batch_size, 500), 1)
    for update skip locked
  loop
    perform data.expire_locked_booking(b);
    n := n + 1;
  end loop;
  return n;
end
$$;
comment on function internal.expire_holds(integer) is
'Expires up to batch_size lapsed pending bookings without a live PaymentIntent (FOR UPDATE SKIP LOCKED); returns how many';

create function internal.lapsed_holds_with_payment(batch_size integer default 100)
returns table (booking_id bigint, payment_intent_id text)
language sql stable security definer
set search_path = pg_catalog, public
as $$
  select b.id, p.stripe_payment_intent_id
  from data.booking b join data.payment p on p.booking_id = b.id
  where b.status = 'pending' and b.held_until < now()
    and p.status in ('requires_payment', 'processing', 'succeeded')
  order by b.held_until
  limit greatest(coalesce(batch_size, 100), 1)
$$;
comment on function internal.lapsed_holds_with_payment(integer) is
'Lapsed pending bookings with a live PaymentIntent: the worker asks Stripe before expiring them';

create function internal.expire_hold(booking_id bigint)
returns boolean
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  b data.booking;
begin
  select * into b from data.booking bk
  where bk.id = expire_hold.booking_id and bk.status = 'pending' and bk.held_until < now()
  for update skip locked;
  if b.id is null then
    return false;
  end if;
  perform data.expire_locked_booking(b);
  return true;
end
$$;
comment on function internal.expire_hold(bigint) is 'Expires one lapsed pending booking; false when it is not pending, not lapsed, or busy';

grant execute on function internal.expire_holds(integer), internal.lapsed_holds_with_payment(integer),
  internal.expire_hold(bigint) to worker_service;
