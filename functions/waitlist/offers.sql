-- Waitlist offers (issue 21, DESIGN.md invariant 11): a slot that becomes free
-- goes to the first waiting entry whose window, court and sport match it, and
-- only to it, in the transaction that freed it.
--
-- Where it happens: every path that frees a slot ends in one UPDATE of
-- data.slot to status 'available' (data.close_booking for release, player and
-- owner cancellation, expiry in the worker and hold_slots' lazy path, payment
-- failure; unblock_slots; internal.release_orphaned_holds), and new slots are
-- INSERTed available (generate_slots, the horizon job). Two triggers on
-- data.slot call the one helper, data.offer_freed_slot, for each such slot, so
-- no freeing path (today's or one added later) can forget it, and the offer
-- commits or rolls back with the freeing.
--
-- What an offer is: the normal hold, data.hold_slots_for(waiting player, [slot],
-- 'waitlist:<entry id>'), so every rule a hold obeys applies (quotas, and any
-- other check hold_slots makes); a player who may not hold one more slot right
-- now is passed over for this slot and keeps their place. The entry becomes
-- 'offered'; the player is told (waitlist_offer: push when they have a device,
-- and email). Nobody else can take the slot: it is held.
--
-- Why nothing waits or races: the freeing transaction holds the slot's row lock
-- (it just updated it), so no hold_slots can take it in between (they skip
-- locked rows: slot_unavailable); after commit the slot is held for the waiting
-- player. Entries are locked FOR UPDATE SKIP LOCKED: an entry being left or
-- offered another slot at this moment is skipped, never waited for. Lock order
-- is booking → slot → entry everywhere (leave_waitlist locks the offer's booking
-- before the entry), so the freeing paths cannot deadlock with each other.
--
-- When an offer ends: the booking's status change (trigger below) marks the
-- entry 'booked' (paid) or 'expired' (lapsed, released, cancelled). A lapsing
-- offer is expired by the worker at its deadline (internal.expire_offer, a job
-- scheduled when the offer is made; the minute sweep expire_holds is the
-- backstop), and that expiry frees the slot, which offers it to the next entry.
-- Between the deadline and the worker's expiry the slot stays reserved for the
-- line: an offer holds its slot `data.waitlist_offer_grace()` past the booking's
-- held_until, so a direct hold does not take a lapsed offer over in that gap.
-- The player's deadline is the booking's held_until (offer_until); a payment in
-- the grace is accepted as for any lapsed hold whose slot is still its own.

create function data.waitlist_offer_grace() returns interval
language sql immutable
set search_path = pg_catalog
as $$ select interval '2 minutes' $$;
comment on function data.waitlist_offer_grace() is
'How long past the offer''s deadline its slot stays held, so that the worker (not a direct hold) passes a lapsed offer to the next entry';

-- Does a waiting entry want this slot? The one matching rule (the offer and
-- join_waitlist's "a slot is free right now" both use it).
create function data.waitlist_matches(e data.waitlist_entry, c data.court, s data.slot) returns boolean
language sql immutable
set search_path = pg_catalog
as $$
  select s.court_id = c.id
     and e.venue_id = c.venue_id
     and (e.court_id is null or e.court_id = c.id)
     and (e.sport is null or e.sport = c.sport)
     and s.start_at >= e.from_at
     and s.end_at <= e.to_at
$$;
comment on function data.waitlist_matches(data.waitlist_entry, data.court, data.slot) is
'True when the slot is of the entry''s venue (and court, and sport) and lies inside its window';

-- The waiting entries a slot matches, first in line first (no locks).
create function data.waiting_entries_for_slot(slot_id bigint) returns setof bigint
language sql stable
set search_path = pg_catalog
as $$
  select e.id
  from data.slot s
  join data.court c on c.id = s.court_id
  join data.waitlist_entry e
    on e.venue_id = c.venue_id and e.status = 'waiting'
   -- a window is at most 24 hours: a bounded range of waitlist_entry_waiting_idx
   and e.from_at <= s.start_at and e.from_at >= s.end_at - interval '24 hours'
  where s.id = waiting_entries_for_slot.slot_id
    and data.waitlist_matches(e, c, s)
  order by e.created_at, e.id
$$;
comment on function data.waiting_entries_for_slot(bigint) is 'Ids of the waiting entries a slot matches, in line order (created_at, id)';

-- Defers the job that expires an offer at its deadline (procrastinate's
-- scheduled_at), in the offering transaction.
create function data.defer_offer_expiry(booking_id bigint, at timestamptz) returns bigint
language sql volatile
set search_path = pg_catalog
as $$
  select (procrastinate.procrastinate_defer_jobs_v1(array[
    row('maintenance', 'expire_waitlist_offer', 0, 'waitlist_offer:' || booking_id, null,
        jsonb_build_object('booking_id', booking_id), at)::procrastinate.procrastinate_job_to_defer_v1
  ]))[1]
$$;
comment on function data.defer_offer_expiry(bigint, timestamptz) is
'Defers expire_waitlist_offer(booking_id) for the offer''s deadline (scheduled procrastinate job)';

-- THE offer. Called for a slot that just became available (by the triggers
-- below, in the freeing transaction). Offers it to the first waiting entry
-- that may hold it, skipping the player who just gave it up (`freed_from`).
-- Returns the entry offered, or null (nobody waiting, or nobody may hold now:
-- the slot stays available for anyone).
create function data.offer_freed_slot(slot_id bigint, freed_from uuid default null) returns bigint
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  s data.slot;
  e data.waitlist_entry;
  v_booking bigint;
  v_until timestamptz;
  v_amount bigint;
  v_currency text;
  reason text := current_setting('courtbook.change_reason', true);
  passed bigint[] := '{}';
begin
  select * into s from data.slot where id = offer_freed_slot.slot_id;
  if s.id is null or s.status <> 'available' or s.start_at <= now() then
    return null;
  end if;
  -- One entry at a time (LIMIT 1 locks only the row it returns; a FOR loop over
  -- the query would lock a batch of rows and make concurrent offers skip them).
  loop
    select w.* into e from data.waitlist_entry w
    where w.id in (select data.waiting_entries_for_slot(offer_freed_slot.slot_id))
      and w.status = 'waiting' and w.id <> all(passed)
      and not exists (select from data.app_user u where u.id = w.player_id and u.deleted_at is not null)
    order by w.created_at, w.id
    limit 1
    for update of w skip locked;
    exit when not found;
    passed := passed || e.id;
    continue when e.player_id = freed_from;
    perform set_config('courtbook.change_reason', 'waitlist offer', true);
    begin
      perform data.hold_slots_for(e.player_id, array[offer_freed_slot.slot_id], 'waitlist:' || e.id);
    exception when sqlstate 'PGRST' then
      -- This player may not hold one more slot right now (too_many_holds, or any
      -- other refusal of the hold path): passed over for this slot, still waiting.
      perform set_config('courtbook.change_reason', coalesce(reason, ''), true);
      continue;
    end;
    perform set_config('courtbook.change_reason', coalesce(reason, ''), true);
    -- The booking, read from the table (hold_slots' answer is shaped for its caller).
    select b.id, b.held_until, b.amount_cents, b.currency into v_booking, v_until, v_amount, v_currency
    from data.booking b where b.player_id = e.player_id and b.idempotency_key = 'waitlist:' || e.id;

    update data.slot set held_until = v_until + data.waitlist_offer_grace()
    where id = offer_freed_slot.slot_id;
    update data.waitlist_entry
    set status = 'offered', offer_booking_id = v_booking, offer_slot_id = offer_freed_slot.slot_id,
        offered_at = now(), offer_until = v_until
    where id = e.id;

    perform data.notify(e.player_id, 'waitlist_offer', v_booking,
      jsonb_build_object('booking_id', v_booking, 'waitlist_id', e.id, 'slot_id', s.id,
                         'court_id', s.court_id, 'venue_id', e.venue_id,
                         'start_at', s.start_at, 'end_at', s.end_at, 'offer_until', v_until,
                         'amount_cents', v_amount, 'currency', v_currency, 'channel', ch.channel,
                         'timezone', (select v.timezone from data.venue v where v.id = e.venue_id)))
    from (select 'email' as channel
          union all
          select 'push' where exists (select from data.device d where d.user_id = e.player_id)) ch;
    perform data.defer_offer_expiry(v_booking, v_until);
    return e.id;
  end loop;
  return null;
end
$$;
comment on function data.offer_freed_slot(bigint, uuid) is
'Offers a slot that just became available to the first waiting entry that may hold it (the hold path for that player, entry offered, waitlist_offer notifications, expiry job); returns the entry id or null';

-- Triggers: every slot that becomes available, however it happened.
create function data.slot_freed_offer() returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
begin
  -- A held slot's holder just gave it up (released, lapsed, failed): not offered back to them.
  perform data.offer_freed_slot(new.id, case when old.status = 'held' then old.held_by end);
  return null;
end
$$;
comment on function data.slot_freed_offer() is 'Trigger: a slot that became available is offered to the waitlist (data.offer_freed_slot)';

create trigger slot_freed_offer
  after update of status on data.slot
  for each row when (new.status = 'available' and old.status is distinct from 'available')
  execute function data.slot_freed_offer();

create function data.slots_created_offer() returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  r record;
begin
  if not exists (select from data.waitlist_entry w where w.status = 'waiting') then
    return null;
  end if;
  -- One statement finds the new slots anyone waits for (an index probe each), so
  -- a big generation run costs little; only those go through the offer.
  for r in
    select n.id from new_slots n join data.court c on c.id = n.court_id
    where n.status = 'available'
      and exists (select from data.waitlist_entry w
                  where w.venue_id = c.venue_id and w.status = 'waiting'
                    and w.from_at <= n.start_at and w.from_at >= n.end_at - interval '24 hours'
                    and w.to_at >= n.end_at)
    order by n.start_at, n.id
  loop
    perform data.offer_freed_slot(r.id, null);
  end loop;
  return null;
end
$$;
comment on function data.slots_created_offer() is 'Trigger: new available slots (generation) are offered to the waitlist';

create trigger slots_created_offer
  after insert on data.slot
  referencing new table as new_slots
  for each statement execute function data.slots_created_offer();

-- An offer's booking confirmed → the entry is booked; cancelled (lapsed,
-- released, failed, cancelled) → expired. A late payment that is accepted (the
-- slot was still the booking's) turns an expired entry into booked.
create function data.waitlist_offer_booking_changed() returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
begin
  if new.status = 'confirmed' then
    update data.waitlist_entry w set status = 'booked', closed_at = now()
    where w.offer_booking_id = new.id and w.status in ('offered', 'expired');
  else
    update data.waitlist_entry w set status = 'expired', closed_at = now()
    where w.offer_booking_id = new.id and w.status = 'offered';
  end if;
  return null;
end
$$;
comment on function data.waitlist_offer_booking_changed() is 'Trigger: an offer''s booking confirmed → entry booked; cancelled → entry expired';

create trigger booking_waitlist_offer
  after update of status on data.booking
  for each row when (new.status is distinct from old.status and new.status in ('confirmed', 'cancelled'))
  execute function data.waitlist_offer_booking_changed();

-- A deleted account leaves every list it waits in, and an offer it holds goes
-- to the next entry (delete_account cancels the account's future bookings
-- first; an offer made to it while it did so is released here).
create function data.waitlist_account_deleted() returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  offers bigint[];
  b data.booking;
  bid bigint;
begin
  with l as (
    update data.waitlist_entry w set status = 'left', closed_at = now()
    where w.player_id = new.id and w.status in ('waiting', 'offered')
    returning w.offer_booking_id
  )
  select coalesce(array_agg(l.offer_booking_id order by l.offer_booking_id), '{}') into offers
  from l where l.offer_booking_id is not null;
  foreach bid in array offers loop
    b := data.lock_booking(bid);
    if b.status = 'pending' then
      perform data.close_booking(b.id, 'account deleted', new.id);
    end if;
  end loop;
  return null;
end
$$;
comment on function data.waitlist_account_deleted() is 'Trigger: a deleted account''s waiting and offered entries are left';

create trigger app_user_deleted_leaves_waitlist
  after update of deleted_at on data.app_user
  for each row when (new.deleted_at is not null and old.deleted_at is null)
  execute function data.waitlist_account_deleted();

-- The worker's job at an offer's deadline: expire it if it lapsed unpaid, which
-- frees the slot and so offers it to the next entry. Outcomes: expired,
-- not_lapsed (the job ran early: retried), busy (the booking is locked by a
-- payment or a cancel right now: retried), closed (paid or ended already),
-- payment_live (a PaymentIntent may still succeed: the expire_holds sweep asks
-- Stripe first), not_found.
create function internal.expire_offer(booking_id bigint) returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  b data.booking;
begin
  select * into b from data.booking bk where bk.id = expire_offer.booking_id for update skip locked;
  if b.id is null then
    return case when exists (select from data.booking bk where bk.id = expire_offer.booking_id)
                then 'busy' else 'not_found' end;
  end if;
  if b.status <> 'pending' then
    return 'closed';
  end if;
  if b.held_until >= now() then
    return 'not_lapsed';
  end if;
  if data.has_live_payment(b.id) then
    return 'payment_live';
  end if;
  perform data.expire_locked_booking(b);
  return 'expired';
end
$$;
comment on function internal.expire_offer(bigint) is
'Expires a lapsed unpaid waitlist offer (its slot goes to the next entry): expired | not_lapsed | busy | closed | payment_live | not_found';
grant execute on function internal.expire_offer(bigint) to worker_service;
