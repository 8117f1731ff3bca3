-- Taking slots for a booking: the race-safe path that api.hold_slots (a player's
-- hold) and api.owner_book (a walk-in or phone booking) share. docs/engine.md,
-- "The concurrency design": one conditional UPDATE over rows locked in id order
-- with SKIP LOCKED, all or nothing, never a lock wait.

-- The slot id list of a booking request: non-empty, no nulls, no duplicates, at
-- most 48. Returns the ids sorted.
create function data.clean_slot_ids(slot_ids bigint[]) returns bigint[]
language plpgsql immutable
set search_path = pg_catalog
as $$
declare
  ids bigint[];
begin
  if slot_ids is null or cardinality(slot_ids) = 0 then
    perform data.api_error('invalid_input', 'slot_ids must be a non-empty list of slot ids', 400);
  end if;
  if array_position(slot_ids, null) is not null then
    perform data.api_error('invalid_input', 'slot_ids must not contain null', 400);
  end if;
  select array_agg(distinct x order by x) into ids from unnest(slot_ids) as x;
  if cardinality(ids) <> cardinality(slot_ids) then
    perform data.api_error('invalid_input', 'slot_ids contains duplicates', 400);
  end if;
  if cardinality(ids) > 48 then
    perform data.api_error('invalid_input', 'at most 48 slots per booking', 400);
  end if;
  return ids;
end
$$;
comment on function data.clean_slot_ids(bigint[]) is 'The sorted ids of a booking request; invalid_input when empty, with nulls or duplicates, or over 48';

-- What a booking of these slots would be, read without locks: unknown ids →
-- not_found (ids in details), several venues or a started slot → invalid_input,
-- a total beyond booking.amount_cents → invalid_input. A player's hold
-- (published_only, the default) sees only published venues (venue publication):
-- a slot of a venue waiting for review, or rejected, is not_found as an unknown
-- one is; the venue's own desk (owner_book) passes false.
create function data.slot_selection(ids bigint[], published_only boolean default true,
  out venue_id bigint, out currency text, out cancellation_window_minutes integer, out amount_cents bigint)
language plpgsql stable
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  unknown bigint[];
  past bigint[];
  venue_ids bigint[];
begin
  select
    array_agg(i.id order by i.id) filter (where s.id is null
                                           or published_only and v.review_status <> 'published'),
    array_agg(i.id order by i.id) filter (where s.start_at <= now()),
    array_agg(distinct c.venue_id),
    min(v.currency),
    min(v.cancellation_window_minutes),
    sum(s.price_cents)
  into unknown, past, venue_ids, currency, cancellation_window_minutes, amount_cents
  from unnest(ids) as i(id)
  left join data.slot s on s.id = i.id
  left join data.court c on c.id = s.court_id
  left join data.venue v on v.id = c.venue_id;

  if unknown is not null then
    perform data.api_error('not_found', 'No such slot', 404, array_to_string(unknown, ','));
  end if;
  if cardinality(venue_ids) <> 1 then
    perform data.api_error('invalid_input', 'All slots of a booking must be at one venue', 400);
  end if;
  if past is not null then
    perform data.api_error('invalid_input', 'A slot has already started', 400, array_to_string(past, ','));
  end if;
  -- booking.amount_cents is an integer: a total beyond it is refused, not a raw 22003.
  if amount_cents > 2147483647 then
    perform data.api_error('invalid_input', 'The total of these slots is too large for one booking', 400);
  end if;
  venue_id := venue_ids[1];
end
$$;
comment on function data.slot_selection(bigint[], boolean) is 'Venue, currency, cancellation window and total of a slot list (no locks); not_found (also for a slot of an unpublished venue when published_only, a player''s hold) / invalid_input';

-- THE slot-taking statement. Gives the slots `ids` to the booking: slot status
-- `new_status` ('held' with until/by, or 'booked' with nulls), in one
-- conditional UPDATE over rows locked in id order, skipping rows other
-- transactions have locked. Fewer rows than asked → slot_unavailable (409) with
-- the missing ids; raising rolls the caller's transaction back (all or nothing).
-- Lapsed holds taken over close their old pending bookings (lazy expiry). Then
-- the booking_slot rows. Returns the ids taken and their total price.
create function data.take_slots(booking_id bigint, ids bigint[], new_status data.slot_status,
  until timestamptz, by_user uuid, out taken bigint[], out taken_amount bigint)
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  lapsed bigint[];
  old_bookings bigint[];
  closed record;
  closed_ids bigint[] := '{}';
begin
  with locked as (
    select s.id, s.status as old_status, s.held_until as old_held_until
    from data.slot s
    where s.id = any(ids)
    order by s.id
    for update skip locked
  ), upd as (
    update data.slot s
    set status = new_status, held_until = until, held_by = by_user
    from locked l
    where s.id = l.id
      and (s.status = 'available' or (s.status = 'held' and s.held_until < now()))
      and s.start_at > now()
    returning s.id, s.price_cents, l.old_status
  )
  select array_agg(u.id order by u.id),
         sum(u.price_cents),
         array_agg(u.id order by u.id) filter (where u.old_status = 'held')
  into taken, taken_amount, lapsed
  from upd u;

  if coalesce(cardinality(taken), 0) < cardinality(ids) then
    perform data.api_error('slot_unavailable', 'A slot is held, booked or blocked', 409,
      array_to_string(array(select x from unnest(ids) x
                            where x <> all(coalesce(taken, '{}')) order by x), ','));
  end if;

  -- Lazy expiry: the lapsed holds we took over belong to old pending bookings.
  if lapsed is not null then
    with d as (
      update data.booking_slot bs set active = false
      where bs.slot_id = any(lapsed) and bs.active
      returning bs.booking_id
    )
    select array_agg(distinct d.booking_id) into old_bookings from d;

    if old_bookings is not null then
      perform set_config('courtbook.change_reason', 'hold expired', true);
      -- SKIP LOCKED: a booking locked elsewhere is being closed (or confirmed,
      -- which then finds its slot gone) by that transaction; never wait here.
      for closed in
        update data.booking b
        set status = 'cancelled', cancelled_at = now(), cancel_reason = 'hold expired'
        where b.id in (select b2.id from data.booking b2
                       where b2.id = any(old_bookings) and b2.status = 'pending'
                       order by b2.id for update skip locked)
        returning b.id, b.player_id, b.venue_id
      loop
        perform data.notify(closed.player_id, 'hold_expired', closed.id,
          jsonb_build_object('booking_id', closed.id, 'venue_id', closed.venue_id));
        closed_ids := closed_ids || closed.id;
      end loop;
      perform set_config('courtbook.change_reason', '', true);
      -- The closed bookings' other slots (not part of this booking) go free too,
      -- as far as no one else has them locked right now (never wait here; a
      -- leftover lapsed hold is free for the next hold and the worker anyway).
      if closed_ids <> '{}' then
        with l as (
          select s.id from data.slot s
          where s.id in (select bs.slot_id from data.booking_slot bs
                         where bs.booking_id = any(closed_ids) and bs.active)
          order by s.id
          for update skip locked
        ), d as (
          update data.booking_slot bs set active = false
          from l where bs.slot_id = l.id and bs.booking_id = any(closed_ids) and bs.active
          returning bs.slot_id
        )
        update data.slot s set status = 'available', held_until = null, held_by = null
        from d where s.id = d.slot_id and s.status = 'held';
      end if;
    end if;
  end if;

  insert into data.booking_slot (booking_id, slot_id, price_cents)
  select take_slots.booking_id, s.id, s.price_cents from data.slot s where s.id = any(taken);
end
$$;
comment on function data.take_slots(bigint, bigint[], data.slot_status, timestamptz, uuid) is
'Gives slots to a booking in one conditional UPDATE (id order, SKIP LOCKED), all or nothing (slot_unavailable with the ids), with lazy expiry of lapsed holds taken over';
