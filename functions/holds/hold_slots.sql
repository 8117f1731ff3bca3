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
--
-- data.hold_slots_for is the hold of one player: api.hold_slots (the caller's own
-- hold) and the waitlist's offers (functions/waitlist/offers.sql: the freed slot
-- held for the first waiting player) are both this one path, with every rule it
-- checks (quotas and whatever else a hold must pass).
--
-- Cost (issue 23, docs/figures.md "The hold path"): plan_cache_mode is
-- force_generic_plan for this call and every function it calls. PL/pgSQL caches a
-- statement's plan per session, but a statement with parameters (the slot ids,
-- the player) is planned afresh on every call for as long as PostgreSQL's custom
-- plan looks cheaper than the generic one, and for the slot-selection join, the
-- slot-taking UPDATE and the booking_slot insert it always does: planning was a
-- third of a hold's time. Their generic plans are the same index scans
-- (slot_pkey, booking_slot's indexes, the player's bookings), planned once per
-- connection.
--
-- 0.2: the answer is a named type, api.hold (its shape, commented, is in the
-- catalog), no longer json; a new return type needs the 0.1 api.hold_slots gone first.
drop function api.hold_slots(bigint[], text);

create type api.hold as (
  booking_id bigint,
  status text,
  held_until timestamptz,
  amount_cents bigint,
  currency text,
  slot_ids bigint[],
  free_cancellation_until timestamptz
);
comment on type api.hold is 'The answer of hold_slots: the pending booking that holds the slots';
comment on column api.hold.booking_id is 'The booking (pending until paid)';
comment on column api.hold.status is
  'pending for a new hold; a replayed idempotency_key answers the booking as it is now (pending, confirmed or cancelled)';
comment on column api.hold.held_until is 'The hold lapses at this instant unless paid';
comment on column api.hold.amount_cents is 'The price of the held slots, in the currency''s minor unit';
comment on column api.hold.currency is 'The venue''s currency (ISO 4217)';
comment on column api.hold.slot_ids is 'The held slots (ascending ids)';
comment on column api.hold.free_cancellation_until is
  'A cancellation before it is refunded in full, as GET /bookings shows it (null when no tier refunds in full)';

create function data.hold_slots_for(player uuid, slot_ids bigint[], idempotency_key text default null)
returns api.hold
language plpgsql volatile
set search_path = pg_catalog, public
set plan_cache_mode = force_generic_plan
as $$
#variable_conflict use_column
declare
  uid uuid := player;
  ids bigint[];
  n integer;
  v_venue_ids bigint[];
  v_currency text;
  v_window integer;
  v_amount bigint;
  v_until timestamptz := now() + make_interval(mins => data.hold_minutes());
  v_booking_id bigint;
  taken bigint[];
  taken_amount bigint;
begin
  ids := data.clean_slot_ids(slot_ids);
  n := cardinality(ids);
  if idempotency_key is not null and length(idempotency_key) not between 1 and 200 then
    perform data.api_error('invalid_input', 'idempotency_key must be 1 to 200 characters', 400);
  end if;

  -- The same key from the same player: the same booking (the common replay), its
  -- answer as it is now (data.hold_answer's object, read into api.hold).
  if idempotency_key is not null then
    select b.id into v_booking_id from data.booking b
    where b.player_id = uid and b.idempotency_key = hold_slots_for.idempotency_key;
    if found then
      return data.with_free_cancellation(json_populate_record(null::api.hold, data.hold_answer_for_key(v_booking_id, ids)));
    end if;
  end if;

  -- Validation reads (no locks): unknown ids, venues, past slots, price snapshot.
  select array[sel.venue_id], sel.currency, sel.cancellation_window_minutes, sel.amount_cents
  into v_venue_ids, v_currency, v_window, v_amount
  from data.slot_selection(ids) sel;
  -- No-shows (issue 20): a player suspended at this venue may not hold there.
  perform data.assert_not_suspended(uid, v_venue_ids[1]);
  -- Quotas (issue 16): one player's holds are serialised here; too_many_holds 429.
  perform data.assert_hold_quota(uid, n, hold_slots_for.idempotency_key);
  -- An organizer who owes a split-payment balance pays it first (402).
  perform data.assert_no_outstanding_balance(uid);

  -- The booking first: it serialises same-key calls (ON CONFLICT waits for the
  -- other transaction, then sees its row).
  insert into data.booking (player_id, venue_id, status, amount_cents, currency, held_until, idempotency_key,
                            cancellation_window_minutes)
  values (uid, v_venue_ids[1], 'pending', v_amount, v_currency, v_until, hold_slots_for.idempotency_key, v_window)
  on conflict (player_id, idempotency_key) do nothing
  returning id into v_booking_id;
  if v_booking_id is null then
    select b.id into v_booking_id from data.booking b
    where b.player_id = uid and b.idempotency_key = hold_slots_for.idempotency_key;
    return data.with_free_cancellation(json_populate_record(null::api.hold, data.hold_answer_for_key(v_booking_id, ids)));
  end if;

  -- THE hold: one conditional UPDATE over rows locked in id order, skipping rows
  -- other transactions have locked (data.take_slots, shared with owner_book).
  select t.taken, t.taken_amount into taken, taken_amount
  from data.take_slots(v_booking_id, ids, 'held', v_until, uid) t;

  if taken_amount <> v_amount then
    update data.booking b set amount_cents = taken_amount where b.id = v_booking_id;
  end if;

  return data.with_free_cancellation(
    row(v_booking_id, 'pending', v_until, taken_amount, v_currency, taken, null)::api.hold);
end
$$;
comment on function data.hold_slots_for(uuid, bigint[], text) is
'The hold of one player (api.hold_slots for the caller, the waitlist''s offers for the first waiting player): all or nothing, never waits for a slot lock';

-- PL/pgSQL rather than SQL: a SQL function with a SET clause is never inlined, so
-- PostgreSQL 15 parses and plans its body on every call; PL/pgSQL keeps it.
create function api.hold_slots(slot_ids bigint[], idempotency_key text default null)
returns api.hold
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
begin
  return data.hold_slots_for(data.require_user(), slot_ids, idempotency_key);
end
$$;
comment on function api.hold_slots(bigint[], text) is
'Holds slots of one venue for the caller: all or nothing, answers at once (slot_unavailable 409 with the ids in details when a slot is held, booked or blocked). Returns api.hold {booking_id, status, held_until, amount_cents, currency, slot_ids, free_cancellation_until}; the same idempotency_key from the same player returns the same booking.';

grant execute on function api.hold_slots(bigint[], text) to player;
