-- api.hold_slots, release_hold, the bookings view: the rules, every error code,
-- idempotency keys, lazy expiry, cancel-then-rebook, booking history.
begin;
select plan(52);
\ir ../engine/fixtures/engine_fixture.sql

-- who may call
select test.act_as('anon');
select is(pg_temp.err($$select api.hold_slots(array[11001::bigint])$$), 'sqlstate 42501',
  'anon cannot hold (42501 → 401)');
reset role;
select test.act_as('owner', :'o1');
select is(pg_temp.err($$select api.hold_slots(array[11001::bigint])$$), 'sqlstate 42501',
  'an owner token cannot hold as a player');
reset role;

-- validation: invalid_input, nothing changes
select test.act_as('player', :'p1');
select is(pg_temp.err($$select api.hold_slots(null)$$), 'invalid_input 400', 'null slot list');
select is(pg_temp.err($$select api.hold_slots('{}')$$), 'invalid_input 400', 'empty slot list');
select is(pg_temp.err($$select api.hold_slots(array[11001, 11001]::bigint[])$$), 'invalid_input 400', 'duplicate ids');
select is(pg_temp.err($$select api.hold_slots(array[11001, null]::bigint[])$$), 'invalid_input 400', 'a null id');
select is(pg_temp.err($$select api.hold_slots(array[11001, 12001]::bigint[])$$), 'invalid_input 400', 'slots of two venues');
select is(pg_temp.err($$select api.hold_slots(array[11099]::bigint[])$$), 'invalid_input 400 11099', 'a past slot');
select is(pg_temp.err($$select api.hold_slots(array[11001, 99999999]::bigint[])$$), 'not_found 404 99999999',
  'unknown ids answer not_found with the ids in details');
select is(pg_temp.err($$select api.hold_slots(array[11001]::bigint[], repeat('k', 201))$$), 'invalid_input 400',
  'an idempotency key longer than 200');
select is(pg_temp.err($$select api.hold_slots(array[11001]::bigint[], '')$$), 'invalid_input 400', 'an empty idempotency key');
select is(pg_temp.err($$select api.hold_slots((select array_agg(x) from generate_series(1, 49) x)::bigint[])$$),
  'invalid_input 400', 'more than 48 slots');
reset role;
select is((select count(*) from data.booking where venue_id = 10001), 0::bigint, 'no booking was created by bad input');
select is((select count(*) from data.slot where id between 11001 and 11010 and status <> 'available'), 0::bigint,
  'no slot changed by bad input');

-- a successful hold
select test.act_as('player', :'p1');
select is(
  (select to_jsonb(api.hold_slots(array[11002, 11001]::bigint[], 'key-1')) - 'booking_id' - 'held_until' - 'free_cancellation_until'),
  '{"status": "pending", "amount_cents": 4000, "currency": "EUR", "slot_ids": [11001, 11002]}'::jsonb,
  'hold_slots answers {booking_id, status, held_until, amount_cents, currency, slot_ids} (and free_cancellation_until: 40_bookings_columns.sql)');
reset role;
select is((select status::text || ' ' || (held_until = now() + interval '5 minutes')::text
           from data.booking where player_id = :'p1' and idempotency_key = 'key-1'),
  'pending true', 'a pending booking held for the platform''s hold minutes');
select is((select array_agg(distinct status::text) from data.slot where id in (11001, 11002)), '{held}',
  'both slots are held');
select is((select count(*) from data.slot where id in (11001, 11002) and held_by = :'p1'
           and held_until = now() + interval '5 minutes'), 2::bigint, 'held by the player until held_until');
select is((select sum(price_cents) from data.booking_slot bs join data.booking b on b.id = bs.booking_id
           where b.idempotency_key = 'key-1' and bs.active), 4000::bigint, 'price snapshot in booking_slot');
select is((select to_status::text || ' ' || actor_role from data.booking_history h join data.booking b on b.id = h.booking_id
           where b.idempotency_key = 'key-1'), 'pending player', 'creation is in the booking history');

-- idempotency key
select test.act_as('player', :'p1');
select is((to_json(api.hold_slots(array[11001, 11002]::bigint[], 'key-1')) ->> 'booking_id')::bigint,
  (select id from data.booking where idempotency_key = 'key-1'), 'the same key returns the same booking');
select is(pg_temp.err($$select api.hold_slots(array[11003]::bigint[], 'key-1')$$), 'invalid_input 400',
  'the same key for other slots is refused');
reset role;
select is((select count(*) from data.booking where player_id = :'p1'), 1::bigint, 'still one booking');

-- another player: slot_unavailable, all or nothing
select test.act_as('player', :'p2');
select is(pg_temp.err($$select api.hold_slots(array[11002]::bigint[])$$), 'slot_unavailable 409 11002',
  'a held slot is unavailable, its id in details');
select is(pg_temp.err($$select api.hold_slots(array[11003, 11002, 11001]::bigint[])$$), 'slot_unavailable 409 11001,11002',
  'details lists every unavailable id, comma-separated');
reset role;
select is((select status::text from data.slot where id = 11003), 'available', 'all or nothing: 11003 stayed available');
select test.act_as('player', :'p2');
select is(pg_temp.err($$select api.hold_slots(array[11002]::bigint[], 'key-1')$$), 'slot_unavailable 409 11002',
  'another player''s key is a different key');
reset role;

-- blocked and booked slots
update data.slot set status = 'blocked' where id = 11004;
update data.slot set status = 'booked' where id = 11005;
select test.act_as('player', :'p2');
select is(pg_temp.err($$select api.hold_slots(array[11004]::bigint[])$$), 'slot_unavailable 409 11004', 'a blocked slot');
select is(pg_temp.err($$select api.hold_slots(array[11005]::bigint[])$$), 'slot_unavailable 409 11005', 'a booked slot');
reset role;
update data.slot set status = 'available', blocked_reason = null where id in (11004, 11005);

-- lazy expiry: p1's hold lapses, p2 takes 11001; p1's booking is closed in the same transaction
update data.slot set held_until = now() - interval '1 second' where id in (11001, 11002);
update data.booking set held_until = now() - interval '1 second' where idempotency_key = 'key-1';
select test.act_as('player', :'p2');
select is((to_json(api.hold_slots(array[11001]::bigint[], 'p2-key')) ->> 'status'), 'pending', 'a lapsed hold is taken over');
reset role;
select is((select status::text || ' ' || cancel_reason from data.booking where idempotency_key = 'key-1'),
  'cancelled hold expired', 'the old pending booking is cancelled: hold expired');
select is((select reason from data.booking_history h join data.booking b on b.id = h.booking_id
           where b.idempotency_key = 'key-1' and h.to_status = 'cancelled'), 'hold expired',
  'history says hold expired');
select is((select count(*) from data.booking_slot bs join data.booking b on b.id = bs.booking_id
           where b.idempotency_key = 'key-1' and bs.active), 0::bigint, 'the old booking holds no slot any more');
select is((select status::text from data.slot where id = 11002), 'available', 'its other slot is free again');
select is((select held_by from data.slot where id = 11001), :'p2'::uuid, '11001 is held by the new player');
select is((select count(*) from data.notification n join data.booking b on b.id = n.booking_id
           where b.idempotency_key = 'key-1' and n.kind = 'hold_expired' and n.user_id = :'p1'), 1::bigint,
  'the old player is told: hold_expired');
select is((select count(*) from data.booking_slot where slot_id = 11001 and active), 1::bigint,
  'exactly one active booking on the slot');

-- release_hold
create temp table ids as select (select id from data.booking where idempotency_key = 'p2-key') as p2_booking;
grant select on ids to public;
select test.act_as('player', :'p1');
select is(pg_temp.err('select api.release_hold(' || (select p2_booking from ids) || ')'), 'forbidden 403',
  'releasing another player''s hold is forbidden');
select is(pg_temp.err('select api.release_hold(99999999)'), 'not_found 404', 'unknown booking');
select is(pg_temp.err('select api.release_hold(null)'), 'invalid_input 400', 'null booking id');
reset role;
select test.act_as('player', :'p2');
select is(to_jsonb(api.release_hold((select p2_booking from ids))),
  jsonb_build_object('booking_id', (select p2_booking from ids), 'status', 'cancelled'), 'release_hold answers');
select is((api.release_hold((select p2_booking from ids))).status, 'cancelled', 'releasing again is harmless');
reset role;
select is((select status::text || ' ' || coalesce(held_by::text, '-') from data.slot where id = 11001), 'available -',
  'the released slot is available');
select is((select reason from data.booking_history where booking_id = (select p2_booking from ids) and to_status = 'cancelled'),
  'hold released by player', 'history: released by the player');

-- cancel, then book the same slot again
select test.act_as('player', :'p1');
select is((to_json(api.hold_slots(array[11001]::bigint[])) ->> 'status'), 'pending', 'the released slot can be held again');
reset role;
select is((select count(*) from data.booking_slot where slot_id = 11001), 3::bigint, 'three bookings have had the slot');
select is((select count(*) from data.booking_slot where slot_id = 11001 and active), 1::bigint, 'one of them active');

-- confirmed: release is refused
update data.booking set status = 'confirmed', confirmed_at = now() where player_id = :'p1' and status = 'pending';
select test.act_as('player', :'p1');
select is(pg_temp.err('select api.release_hold(' || (select id from api.bookings where status = 'confirmed') || ')'),
  'not_cancellable 409', 'a confirmed booking is not released');

-- the bookings view: own bookings only, with slots and payment status
select is((select count(*) from api.bookings), 2::bigint, 'p1 sees their two bookings');
select is((select slots -> 0 ->> 'slot_id' from api.bookings where status = 'confirmed'), '11001',
  'slots are a json list of slot_id, court_id, start_at, end_at');
reset role;
select test.act_as('player', :'p2');
select is((select count(*) from api.bookings), 1::bigint, 'p2 sees only their own');
reset role;
select test.act_as('owner', :'o1');
select is((select count(*) from api.bookings), 0::bigint, 'an owner''s bookings view shows only their own bookings as a player');
reset role;

select * from finish();
rollback;
