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

-- Keyset paging by booking id: a page whose holds stay lapsed (Stripe says
-- processing, or cannot be reached) never hides the bookings after it.
create function internal.lapsed_holds_with_payment(batch_size integer default 100, after_booking_id bigint default 0)
returns table (booking_id bigint, payment_intent_id text)
language sql stable security definer
set search_path = pg_catalog, public
as $$
  select b.id, p.stripe_payment_intent_id
  from data.booking b join data.payment p on p.booking_id = b.id
  where b.status = 'pending' and b.held_until < now()
    and p.status in ('requires_payment', 'processing', 'succeeded')
    and b.id > coalesce(after_booking_id, 0)
  order by b.id
  limit greatest(coalesce(batch_size, 100), 1)
$$;
comment on function internal.lapsed_holds_with_payment(integer, bigint) is
'Lapsed pending bookings with a live PaymentIntent, by booking id after after_booking_id: the worker asks Stripe before expiring them';

-- hold_slots' lazy expiry frees the other slots of a booking it closes only as far
-- as nobody has them locked at that moment (it never waits). A slot skipped there
-- stays 'held', lapsed, with the active booking_slot row of a cancelled booking:
-- holds and discovery treat it as free, but an owner could not block it. This
-- sweep frees such slots. It reads the slot table by status (a sequential scan, on
-- purpose: an index on status would stop slot updates from being HOT).
create function internal.release_orphaned_holds(batch_size integer default 500)
returns integer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  freed integer;
begin
  with orphan as (
    select s.id from data.slot s
    where s.status = 'held' and s.held_until < now()
      and not exists (
        select from data.booking_slot bs join data.booking b on b.id = bs.booking_id
        where bs.slot_id = s.id and bs.active and b.status = 'pending')
    order by s.id
    limit greatest(coalesce(batch_size, 500), 1)
    for update of s skip locked
  ), closed as (
    update data.booking_slot bs set active = false
    from orphan o where bs.slot_id = o.id and bs.active
    returning bs.slot_id
  ), released as (
    update data.slot s set status = 'available', held_until = null, held_by = null
    from orphan o where s.id = o.id
    returning s.id
  )
  select count(*) into freed from released;
  return freed;
end
$$;
comment on function internal.release_orphaned_holds(integer) is
'Frees lapsed held slots whose booking is no longer pending (left by a lazy expiry that skipped a locked slot); returns how many';

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

grant execute on function internal.expire_holds(integer), internal.lapsed_holds_with_payment(integer, bigint),
  internal.expire_hold(bigint), internal.release_orphaned_holds(integer) to worker_service;
