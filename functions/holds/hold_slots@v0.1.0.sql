-- hold_slots: the race-critical path (DESIGN.md invariant 3).
--
-- 1. Validate (nothing locked yet): ids present, distinct, known, one venue, future.
-- 2. Insert the pending booking. With an idempotency key this is
--    INSERT ... ON CONFLICT (player_id, idempotency_key) DO NOTHING: a concurrent
--    call with the same key waits for the first one and then returns its booking.
-- 3. ONE conditional UPDATE takes the slots. The rows are locked by a CTE
--    `ORDER BY id FOR UPDATE SKIP LOCKED`: a slot another transaction is holding
--    or blocking right now is simply absent (no lock wait, no deadlock), and the
--    UPDATE's WHERE keeps only slots that are available or whose hold lapsed.
-- 4. Fewer rows than requested → slot_unavailable (409) listing the missing ids;
--    raising rolls the whole transaction back (all or nothing).
-- 5. Lazy expiry: taken-over lapsed holds close their old pending booking.
-- The unique index on booking_slot and the exclusion constraint on slot are the
-- backstop only: no EXCEPTION block catches a lost race.
create function api.hold_slots(slot_ids bigint[], idempotency_key text default null)
returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_user();
  ids bigint[];
  n integer;
  unknown bigint[];
  past bigint[];
  v_venue_ids bigint[];
  v_currency text;
  v_window integer;
  v_amount bigint;
  v_until timestamptz := now() + make_interval(mins => data.hold_minutes());
  v_booking_id bigint;
  taken bigint[];
  taken_amount bigint;
  lapsed bigint[];
  old_bookings bigint[];
  closed record;
  closed_ids bigint[] := '{}';
begin
  if slot_ids is null or cardinality(slot_ids) = 0 then
    perform data.api_error('invalid_input', 'slot_ids must be a non-empty list of slot ids', 400);
  end if;
  if array_position(slot_ids, null) is not null then
    perform data.api_error('invalid_input', 'slot_ids must not contain null', 400);
  end if;
  select array_agg(distinct x order by x) into ids from unnest(slot_ids) as x;
  n := cardinality(ids);
  if n <> cardinality(slot_ids) then
    perform data.api_error('invalid_input', 'slot_ids contains duplicates', 400);
  end if;
  if n > 48 then
    perform data.api_error('invalid_input', 'at most 48 slots per booking', 400);
  end if;
  if idempotency_key is not null and length(idempotency_key) not between 1 and 200 then
    perform data.api_error('invalid_input', 'idempotency_key must be 1 to 200 characters', 400);
  end if;

  -- The same key from the same player: the same booking (the common replay).
  if idempotency_key is not null then
    select b.id into v_booking_id from data.booking b
    where b.player_id = uid and b.idempotency_key = hold_slots.idempotency_key;
    if found then
      return data.hold_answer_for_key(v_booking_id, ids);
    end if;
  end if;

  -- Validation reads (no locks): unknown ids, venues, past slots, price snapshot.
  select
    array_agg(i.id order by i.id) filter (where s.id is null),
    array_agg(i.id order by i.id) filter (where s.start_at <= now()),
    array_agg(distinct c.venue_id),
    min(v.currency),
    min(v.cancellation_window_minutes),
    sum(s.price_cents)
  into unknown, past, v_venue_ids, v_currency, v_window, v_amount
  from unnest(ids) as i(id)
  left join data.slot s on s.id = i.id
  left join data.court c on c.id = s.court_id
  left join data.venue v on v.id = c.venue_id;

  if unknown is not null then
    perform data.api_error('not_found', 'No such slot', 404, array_to_string(unknown, ','));
  end if;
  if cardinality(v_venue_ids) <> 1 then
    perform data.api_error('invalid_input', 'All slots of a booking must be at one venue', 400);
  end if;
  if past is not null then
    perform data.api_error('invalid_input', 'A slot has already started', 400, array_to_string(past, ','));
  end if;
  -- booking.amount_cents is an integer: a total beyond it is refused, not a raw 22003.
  if v_amount > 2147483647 then
    perform data.api_error('invalid_input', 'The total of these slots is too large for one booking', 400);
  end if;

  -- The booking first: it serialises same-key calls (ON CONFLICT waits for the
  -- other transaction, then sees its row).
  insert into data.booking (player_id, venue_id, status, amount_cents, currency, held_until, idempotency_key,
                            cancellation_window_minutes)
  values (uid, v_venue_ids[1], 'pending', v_amount, v_currency, v_until, hold_slots.idempotency_key, v_window)
  on conflict (player_id, idempotency_key) do nothing
  returning id into v_booking_id;
  if v_booking_id is null then
    select b.id into v_booking_id from data.booking b
    where b.player_id = uid and b.idempotency_key = hold_slots.idempotency_key;
    return data.hold_answer_for_key(v_booking_id, ids);
  end if;

  -- THE hold: one conditional UPDATE over rows locked in id order, skipping rows
  -- other transactions have locked.
  with locked as (
    select s.id, s.status as old_status, s.held_until as old_held_until
    from data.slot s
    where s.id = any(ids)
    order by s.id
    for update skip locked
  ), upd as (
    update data.slot s
    set status = 'held', held_until = v_until, held_by = uid
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

  if coalesce(cardinality(taken), 0) < n then
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
      -- The closed bookings' other slots (not part of this hold) go free too,
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
  select v_booking_id, s.id, s.price_cents from data.slot s where s.id = any(taken);

  if taken_amount <> v_amount then
    update data.booking b set amount_cents = taken_amount where b.id = v_booking_id;
  end if;

  return json_build_object(
    'booking_id', v_booking_id,
    'status', 'pending',
    'held_until', v_until,
    'amount_cents', taken_amount,
    'currency', v_currency,
    'slot_ids', to_json(taken));
end
$$;
comment on function api.hold_slots(bigint[], text) is
'Holds slots of one venue for the caller: all or nothing, answers at once (slot_unavailable 409 with the ids in details when a slot is held, booked or blocked). Returns {booking_id, status, held_until, amount_cents, currency, slot_ids}; the same idempotency_key from the same player returns the same booking.';

grant execute on function api.hold_slots(bigint[], text) to player;
