-- Shared building blocks of the booking engine. They live in the private `data`
-- schema, are granted to nobody, and are only called from the SECURITY DEFINER
-- api/internal functions (which run as the schema owner).

-- The caller's user id; a request without one (anon, a token without sub) is refused.
create function data.require_user() returns uuid
language plpgsql stable
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  uid uuid;
begin
  begin
    uid := data.current_user_id();
  exception when others then
    uid := null; -- a malformed sub claim
  end;
  if uid is null then
    perform data.api_error('forbidden', 'A logged-in user is required', 403);
  end if;
  return uid;
end
$$;
comment on function data.require_user() is 'The caller''s user id; raises forbidden (403) without one';

-- Owner or admin (from the JWT role claim).
create function data.require_staff() returns uuid
language plpgsql stable
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_user();
begin
  if coalesce(data.current_app_role(), '') not in ('owner', 'admin') then
    perform data.api_error('forbidden', 'Only venue owners and admins may do this', 403);
  end if;
  return uid;
end
$$;
comment on function data.require_staff() is 'The caller''s id when they are an owner or admin; raises forbidden otherwise';

create function data.require_admin() returns uuid
language plpgsql stable
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_user();
begin
  if not data.is_admin() then
    perform data.api_error('forbidden', 'Only platform admins may do this', 403);
  end if;
  return uid;
end
$$;
comment on function data.require_admin() is 'The caller''s id when they are an admin; raises forbidden otherwise';

-- A venue the caller may manage: its owner, or any admin. Unknown → not_found,
-- someone else's → forbidden (venues are public, so existence is no secret; their data is).
create function data.venue_for_staff(venue_id bigint, lock boolean default false) returns data.venue
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_staff();
  v data.venue;
begin
  if venue_id is null then
    perform data.api_error('invalid_input', 'venue_id is required', 400);
  end if;
  if lock then
    select * into v from data.venue where id = venue_for_staff.venue_id for update;
  else
    select * into v from data.venue where id = venue_for_staff.venue_id;
  end if;
  if v.id is null then
    perform data.api_error('not_found', 'No such venue', 404);
  end if;
  if v.owner_id <> uid and not data.is_admin() then
    perform data.api_error('forbidden', 'This venue belongs to another owner', 403);
  end if;
  return v;
end
$$;
comment on function data.venue_for_staff(bigint, boolean) is 'The venue when the caller owns it or is admin; not_found / forbidden otherwise';

create function data.court_for_staff(court_id bigint) returns data.court
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  c data.court;
begin
  if court_id is null then
    perform data.api_error('invalid_input', 'court_id is required', 400);
  end if;
  select * into c from data.court where id = court_for_staff.court_id;
  if c.id is null then
    perform data.require_staff();
    perform data.api_error('not_found', 'No such court', 404);
  end if;
  perform data.venue_for_staff(c.venue_id);
  return c;
end
$$;
comment on function data.court_for_staff(bigint) is 'The court when the caller owns its venue or is admin; not_found / forbidden otherwise';

create function data.effective_commission_bps(venue_id bigint) returns integer
language sql stable
set search_path = pg_catalog
as $$
  select coalesce(
    (select v.commission_bps from data.venue v where v.id = effective_commission_bps.venue_id),
    (select s.default_commission_bps from data.platform_settings s))
$$;
comment on function data.effective_commission_bps(bigint) is 'The venue''s commission in basis points, else the platform default';

-- amount × bps / 10000, rounded half up, in integer arithmetic.
create function data.fee_cents(amount_cents bigint, bps integer) returns bigint
language sql immutable parallel safe
set search_path = pg_catalog
as $$
  select (amount_cents * bps + 5000) / 10000
$$;
comment on function data.fee_cents(bigint, integer) is 'Commission of an amount: amount × bps / 10000 rounded half up';

create function data.hold_minutes() returns integer
language sql stable
set search_path = pg_catalog
as $$
  select coalesce((select s.hold_minutes from data.platform_settings s), 5)
$$;
comment on function data.hold_minutes() is 'How long a hold lasts (platform_settings.hold_minutes)';

-- Outbox row, written in the transaction of the change that causes it.
create function data.notify(user_id uuid, kind text, booking_id bigint, payload jsonb default '{}')
returns void
language sql volatile
set search_path = pg_catalog
as $$
  insert into data.notification (user_id, kind, booking_id, payload)
  values (notify.user_id, notify.kind, notify.booking_id, coalesce(notify.payload, '{}'))
$$;
comment on function data.notify(uuid, text, bigint, jsonb) is 'Inserts a notification outbox row';

-- Cancels a booking whose row the caller has locked (FOR UPDATE) and frees its
-- slots. Locking order everywhere outside hold_slots: booking first, then its
-- slots by id. hold_slots never waits for a lock (SKIP LOCKED), so this order
-- cannot deadlock with it. Returns the number of slots set free.
create function data.close_booking(booking_id bigint, reason text, actor uuid default null)
returns integer
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  freed bigint[];
begin
  -- Lock the slots this booking still holds, in id order.
  perform 1 from data.slot s
  where s.id in (select bs.slot_id from data.booking_slot bs
                 where bs.booking_id = close_booking.booking_id and bs.active)
  order by s.id
  for update of s;
  -- Re-read under the locks (new statement, new snapshot): a hold that took a
  -- lapsed slot over has committed by now and deactivated our row for it.
  with d as (
    update data.booking_slot bs set active = false
    where bs.booking_id = close_booking.booking_id and bs.active
    returning bs.slot_id
  )
  select coalesce(array_agg(d.slot_id), '{}') into freed from d;

  update data.slot s
  set status = 'available', held_until = null, held_by = null
  where s.id = any(freed) and s.status in ('held', 'booked');

  perform set_config('courtbook.change_reason', coalesce(reason, 'cancelled'), true);
  update data.booking b
  set status = 'cancelled', cancelled_at = now(), cancelled_by = actor,
      cancel_reason = left(coalesce(reason, b.cancel_reason), 500)
  where b.id = close_booking.booking_id and b.status <> 'cancelled';
  perform set_config('courtbook.change_reason', '', true);
  return coalesce(array_length(freed, 1), 0);
end
$$;
comment on function data.close_booking(bigint, text, uuid) is 'Cancels a locked booking, deactivates its booking_slot rows and frees its slots';

-- Records a refund of a booking's succeeded payment (the worker carries it out).
-- Returns the amount recorded (0 when nothing was paid).
create function data.queue_refund(booking_id bigint, amount_cents integer, reason text, requested_by uuid default null)
returns integer
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  p data.payment;
  already bigint;
  amount integer;
begin
  select * into p from data.payment where payment.booking_id = queue_refund.booking_id;
  if p.id is null or p.status <> 'succeeded' or coalesce(amount_cents, 0) <= 0 then
    return 0;
  end if;
  select coalesce(sum(r.amount_cents), 0) into already
  from data.refund r where r.payment_id = p.id and r.status <> 'failed';
  amount := least(amount_cents, coalesce(p.amount_received_cents, p.amount_cents) - already);
  if amount <= 0 then
    return 0;
  end if;
  insert into data.refund (payment_id, booking_id, amount_cents, currency, reason, requested_by)
  values (p.id, p.booking_id, amount, p.currency, left(coalesce(reason, 'refund'), 500), requested_by);
  return amount;
end
$$;
comment on function data.queue_refund(bigint, integer, text, uuid) is 'Inserts a pending refund row for a booking''s succeeded payment; returns the amount';

-- The answer of hold_slots for an existing booking.
create function data.hold_answer(booking_id bigint) returns json
language sql stable
set search_path = pg_catalog
as $$
  select json_build_object(
    'booking_id', b.id,
    'status', b.status,
    'held_until', b.held_until,
    'amount_cents', b.amount_cents,
    'currency', b.currency,
    'slot_ids', coalesce((select json_agg(bs.slot_id order by bs.slot_id)
                          from data.booking_slot bs where bs.booking_id = b.id), '[]'))
  from data.booking b where b.id = hold_answer.booking_id
$$;
comment on function data.hold_answer(bigint) is 'The {booking_id, status, held_until, amount_cents, currency, slot_ids} answer of hold_slots';

-- Slots of one court from its weekly rules, in the venue's zone: every slot
-- starts at a local wall-clock time of its rule (opens + k × slot_minutes, the
-- whole slot inside the local window; closes <= opens runs into the next day)
-- and lasts slot_minutes of real time. A local start that does not exist (DST
-- gap) is skipped; an ambiguous one (DST fold) is converted once (PostgreSQL
-- takes the standard-time reading). Only future slots; existing slots are never
-- touched and overlapping candidates are dropped by ON CONFLICT DO NOTHING
-- against the exclusion constraint. Returns the number of slots created.
create function data.generate_court_slots(court_id bigint, from_date date, days integer)
returns integer
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  tz text;
  created integer;
begin
  select v.timezone into tz
  from data.court c join data.venue v on v.id = c.venue_id
  where c.id = generate_court_slots.court_id;
  if tz is null or from_date is null or days is null or days < 1 then
    return 0;
  end if;

  insert into data.slot (court_id, start_at, end_at, price_cents)
  select generate_court_slots.court_id, x.start_at,
         x.start_at + make_interval(mins => x.slot_minutes), x.price_cents
  from (
    select (ls.local_start at time zone tz) as start_at, ls.local_start, r.slot_minutes, r.price_cents
    from (select generate_court_slots.from_date + i as day from generate_series(0, days - 1) as i) as d
    join data.availability_rule r
      on r.court_id = generate_court_slots.court_id
     and r.weekday = extract(isodow from d.day)
    cross join lateral generate_series(
      d.day + r.opens,
      d.day + r.closes + case when r.closes <= r.opens then interval '1 day' else interval '0' end
        - make_interval(mins => r.slot_minutes),
      make_interval(mins => r.slot_minutes)) as ls(local_start)
  ) x
  -- a nonexistent local time does not survive the round trip
  where (x.start_at at time zone tz) = x.local_start
    and x.start_at > now()
  order by x.start_at
  on conflict do nothing;
  get diagnostics created = row_count;
  return created;
end
$$;
comment on function data.generate_court_slots(bigint, date, integer) is 'Creates a court''s slots from its rules for days local days from from_date (DST-correct, idempotent)';

-- The answer for an idempotency key that already has a booking: the same booking,
-- provided the key is replayed with the same slots.
create function data.hold_answer_for_key(booking_id bigint, slot_ids bigint[]) returns json
language plpgsql stable
set search_path = pg_catalog
as $$
#variable_conflict use_column
begin
  if array(select bs.slot_id from data.booking_slot bs
           where bs.booking_id = hold_answer_for_key.booking_id order by bs.slot_id)
     is distinct from array(select x from unnest(slot_ids) x order by x) then
    perform data.api_error('invalid_input', 'idempotency_key was already used for other slots', 400);
  end if;
  return data.hold_answer(booking_id);
end
$$;
comment on function data.hold_answer_for_key(bigint, bigint[]) is 'hold_slots'' answer for a replayed idempotency key; invalid_input when the slots differ';
