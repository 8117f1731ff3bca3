-- The waitlist (issue 21): join/leave rules and errors, positions, the offer on
-- every freeing path (release, expiry, leave with an offer, unblock, new slots),
-- exclusivity of an offer, quotas, entry life cycle, RLS of api.waitlist.
begin;
select plan(73);
\ir ../engine/fixtures/engine_fixture.sql
insert into data.app_user (id, email, password_hash, full_name, role) values
  ('e0000000-0000-0000-0000-0000000000b3', 'p3@engine.test', 'x', 'Player Three', 'player'),
  ('e0000000-0000-0000-0000-0000000000b4', 'p4@engine.test', 'x', 'Player Four', 'player'),
  ('e0000000-0000-0000-0000-0000000000b5', 'p5@engine.test', 'x', 'Player Five', 'player');
\set p3 e0000000-0000-0000-0000-0000000000b3
\set p4 e0000000-0000-0000-0000-0000000000b4
\set p5 e0000000-0000-0000-0000-0000000000b5
-- t0 = the start of slot 11001 (court 10101, padel); w1 = its hour.
create temp table t as select (select start_at from data.slot where id = 11001) as t0;
grant select on t to public;
create temp table wl (label text primary key, id bigint);
grant all on wl to public;

-- The status of an entry and its offer's slot holder, as one text.
create function pg_temp.entry(label text) returns text
language sql as $$
  select e.status || coalesce(' ' || s.status::text || ' by ' || right(s.held_by::text, 2), '')
  from data.waitlist_entry e left join data.slot s on s.id = e.offer_slot_id
  where e.id = (select id from wl where wl.label = entry.label)
$$;
grant execute on function pg_temp.entry(text) to public;

-- Arguments and errors.
select test.act_as('player', :'p2');
select is(pg_temp.err($$select api.join_waitlist("from" => now() + interval '1 day', "to" => now() + interval '25 hours')$$),
  'invalid_input 400', 'neither venue_id nor court_id: invalid_input');
select is(pg_temp.err($$select api.join_waitlist(venue_id => 10001, "to" => now() + interval '1 day')$$),
  'invalid_input 400', 'no from: invalid_input');
select is(pg_temp.err($$select api.join_waitlist(venue_id => 10001, "from" => now() + interval '1 day', "to" => now() + interval '1 day')$$),
  'invalid_input 400', 'to = from: invalid_input');
select is(pg_temp.err($$select api.join_waitlist(venue_id => 10001, "from" => now() + interval '1 day', "to" => now() + interval '2 days 1 minute')$$),
  'invalid_input 400', 'a window over 24 hours: invalid_input');
select is(pg_temp.err($$select api.join_waitlist(venue_id => 10001, "from" => '-infinity', "to" => now())$$),
  'invalid_input 400', 'an infinite from: invalid_input');
select is(pg_temp.err($$select api.join_waitlist(venue_id => 10001, "from" => now() - interval '3 hours', "to" => now() - interval '1 hour')$$),
  'invalid_input 400', 'a window that has passed: invalid_input');
select is(pg_temp.err($$select api.join_waitlist(venue_id => 10001, "from" => now() + interval '500 days', "to" => now() + interval '500 days 1 hour')$$),
  'invalid_input 400', 'a window beyond 400 days: invalid_input');
select is(pg_temp.err($$select api.join_waitlist(venue_id => 99999, "from" => now() + interval '1 day', "to" => now() + interval '25 hours')$$),
  'not_found 404', 'unknown venue: not_found');
select is(pg_temp.err($$select api.join_waitlist(court_id => 99999, "from" => now() + interval '1 day', "to" => now() + interval '25 hours')$$),
  'not_found 404', 'unknown court: not_found');
select is(pg_temp.err($$select api.join_waitlist(venue_id => 10002, court_id => 10101, "from" => now() + interval '1 day', "to" => now() + interval '25 hours')$$),
  'not_found 404', 'a court of another venue: not_found');
select is(pg_temp.err($$select api.join_waitlist(venue_id => 10001, "from" => now() + interval '1 day', "to" => now() + interval '25 hours', sport => 'curling')$$),
  'invalid_input 400 curling', 'an unknown sport: invalid_input with the value');
select is(pg_temp.err($$select api.join_waitlist(court_id => 10101, "from" => now() + interval '1 day', "to" => now() + interval '25 hours', sport => 'tennis')$$),
  'invalid_input 400 padel', 'a court of another sport: invalid_input');
select is(pg_temp.err(format($$select api.join_waitlist(court_id => 10101, "from" => %L, "to" => %L)$$,
    (select t0 from t), (select t0 + interval '2 hours' from t))),
  'invalid_input 400 11001,11002', 'a slot of the window is free right now: invalid_input, the free slots in details');
select is(test.api_error(format($$select api.join_waitlist(court_id => 10101, "from" => %L, "to" => %L)$$,
    (select t0 from t), (select t0 + interval '1 hour' from t))) ->> 'hint',
  'Hold it with hold_slots instead of waiting', '... with a hint to hold it');
reset role;
select test.act_as('owner', :'o1');
select is(pg_temp.err($$select api.join_waitlist(venue_id => 10001, "from" => now() + interval '1 day', "to" => now() + interval '25 hours')$$),
  'sqlstate 42501', 'owners do not wait (players only)');
reset role;
select test.act_as('anon');
select is(pg_temp.err($$select api.join_waitlist(venue_id => 10001, "from" => now() + interval '1 day', "to" => now() + interval '25 hours')$$),
  'sqlstate 42501', 'anon may not join');
reset role;

-- p1 holds 11001; p2, p3, p4 wait for the padel court's first hour, in that order.
select test.act_as('player', :'p1');
insert into bk values ('p1', (to_json(api.hold_slots(array[11001]::bigint[])) ->> 'booking_id')::bigint);
reset role;
select test.act_as('player', :'p2');
insert into wl select 'p2', (j ->> 'waitlist_id')::bigint from (
  select to_json(api.join_waitlist(court_id => 10101, "from" => t0, "to" => t0 + interval '1 hour')) as j from t) x;
select is((select position from api.waitlist where id = (select id from wl where label = 'p2')), 1, 'p2 is first in line');
select is((to_json(api.join_waitlist(court_id => 10101, "from" => t0, "to" => t0 + interval '1 hour')) ->> 'waitlist_id')::bigint,
  (select id from wl where label = 'p2'), 'joining the same wait again returns the same entry')
  from t;
reset role;
select test.act_as('player', :'p3');
-- p3 waits at the venue for any padel court in a longer window around it.
insert into wl select 'p3', (j ->> 'waitlist_id')::bigint from (
  select to_json(api.join_waitlist(venue_id => 10001, "from" => t0 - interval '1 hour', "to" => t0 + interval '1 hour', sport => 'padel')) as j from t) x;
select is((select position from api.waitlist where id = (select id from wl where label = 'p3')), 2, 'p3 is second');
reset role;
select test.act_as('player', :'p4');
select is((j ->> 'position')::int, 3, 'p4 is third (the answer carries the position)') from (
  select to_json(api.join_waitlist(court_id => 10101, "from" => t0, "to" => t0 + interval '1 hour')) as j from t) x;
insert into wl select 'p4', id from data.waitlist_entry where player_id = :'p4';
select is((select count(*)::int from api.waitlist), 1, 'a player sees only their own entries');
reset role;

-- p1 releases: the slot goes to p2, and only to p2, in the same transaction.
select test.act_as('player', :'p1');
select lives_ok(format('select api.release_hold(%s)', (select id from bk where label = 'p1')), 'p1 releases the hold');
reset role;
select is(pg_temp.entry('p2'), 'offered held by b2', 'p2''s entry is offered and the slot is held for p2');
select is((select count(*)::int from data.waitlist_entry where status = 'offered'), 1, 'nobody else got an offer');
select is((select b.status::text || ' ' || b.player_id::text from data.booking b
           where b.id = (select offer_booking_id from data.waitlist_entry where id = (select id from wl where label = 'p2'))),
  'pending ' || :'p2', 'the offer is a pending booking of p2');
select is((select s.held_until - b.held_until from data.slot s, data.booking b, data.waitlist_entry e
           where e.id = (select id from wl where label = 'p2') and s.id = e.offer_slot_id and b.id = e.offer_booking_id),
  interval '2 minutes', 'the slot stays held 2 minutes past the offer''s deadline (the worker passes it on)');
select is((select e.offer_until = b.held_until from data.waitlist_entry e join data.booking b on b.id = e.offer_booking_id
           where e.id = (select id from wl where label = 'p2')), true, 'offer_until is the booking''s held_until');
select is((select array_agg(payload ->> 'channel' order by payload ->> 'channel') from data.notification
           where user_id = :'p2' and kind = 'waitlist_offer'), '{email}', 'p2 is told by email (no device: no push)');
select is((select count(*)::int from procrastinate.procrastinate_jobs j
           where j.task_name = 'expire_waitlist_offer'
             and (j.args ->> 'booking_id')::bigint = (select offer_booking_id from data.waitlist_entry where id = (select id from wl where label = 'p2'))
             and j.scheduled_at = (select offer_until from data.waitlist_entry where id = (select id from wl where label = 'p2'))),
  1, 'the expiry job is scheduled for the offer''s deadline');
select is((select count(*)::int from data.booking_history h
           where h.booking_id = (select offer_booking_id from data.waitlist_entry where id = (select id from wl where label = 'p2'))), 1,
  'the offer booking has its history row');
select test.act_as('player', :'p3');
select is((select position from api.waitlist), 1, 'p3 moved up to first');
reset role;
select test.act_as('player', :'p1');
select is(pg_temp.err('select api.hold_slots(array[11001]::bigint[])'), 'slot_unavailable 409 11001',
  'a direct hold of the offered slot: slot_unavailable');
reset role;
select test.act_as('player', :'p5');
select is(pg_temp.err('select api.hold_slots(array[11001]::bigint[])'), 'slot_unavailable 409 11001',
  'for anyone');
reset role;

-- p2 lets the offer lapse; the worker's job expires it and p3 gets it.
update data.booking set held_until = now() - interval '1 second'
where id = (select offer_booking_id from data.waitlist_entry where id = (select id from wl where label = 'p2'));
select test.act_as('player', :'p5');
select is(pg_temp.err('select api.hold_slots(array[11001]::bigint[])'), 'slot_unavailable 409 11001',
  'a lapsed offer is not taken over by a direct hold before the worker passes it on');
reset role;
insert into bk select 'offer2', offer_booking_id from data.waitlist_entry where id = (select id from wl where label = 'p2');
set local role worker_service;
select is(internal.expire_offer(null), 'not_found', 'expire_offer without a booking: not_found');
select is(internal.expire_offer((select id from bk where label = 'offer2')), 'expired', 'the worker expires the lapsed offer');
select is(internal.expire_offer((select id from bk where label = 'offer2')), 'closed', 'a second run finds it closed');
reset role;
select is(pg_temp.entry('p2'), 'expired held by b3', 'p2''s entry expired; the slot is held for p3');
select is(pg_temp.entry('p3'), 'offered held by b3', 'p3 got the offer');
select is((select count(*)::int from data.notification where user_id = :'p2' and kind = 'hold_expired'), 1,
  'p2 is told the hold expired');

-- p3 leaves with the offer in hand: it goes to p4.
select test.act_as('player', :'p3');
select is(to_json(api.leave_waitlist((select id from wl where label = 'p3'))) ->> 'ok', 'true', 'p3 leaves');
select is(to_json(api.leave_waitlist((select id from wl where label = 'p3'))) ->> 'ok', 'true', 'leaving again is a harmless retry');
reset role;
select is(pg_temp.entry('p3'), 'left held by b4', 'p3''s entry is left, the offer released');
select is((select b.status::text from data.booking b where b.id = (select offer_booking_id from data.waitlist_entry where id = (select id from wl where label = 'p3'))),
  'cancelled', 'p3''s offer booking is cancelled');
select is(pg_temp.entry('p4'), 'offered held by b4', 'p4 got the offer');

-- p4 pays (the booking is confirmed): the entry is booked.
update data.booking set status = 'confirmed', confirmed_at = now()
where id = (select offer_booking_id from data.waitlist_entry where id = (select id from wl where label = 'p4'));
select is((select status from data.waitlist_entry where id = (select id from wl where label = 'p4')), 'booked',
  'a paid offer marks the entry booked');

-- leave_waitlist errors.
select test.act_as('player', :'p2');
select is(pg_temp.err('select api.leave_waitlist(null)'), 'invalid_input 400', 'leave without an id: invalid_input');
select is(pg_temp.err('select api.leave_waitlist(987654321)'), 'not_found 404', 'leave an unknown entry: not_found');
select is(pg_temp.err(format('select api.leave_waitlist(%s)', (select id from wl where label = 'p4'))), 'forbidden 403',
  'leave someone else''s entry: forbidden');
reset role;

-- Unblock: a blocked slot's waiter gets it when the owner unblocks it.
select test.act_as('owner', :'o1');
select lives_ok($$select api.block_slots(array[11105]::bigint[])$$, 'the owner blocks tennis slot 11105');
reset role;
select test.act_as('player', :'p5');
insert into wl select 'p5', (to_json(api.join_waitlist(court_id => 10102, "from" => s.start_at, "to" => s.end_at)) ->> 'waitlist_id')::bigint
from data.slot s where s.id = 11105;
reset role;
select test.act_as('owner', :'o1');
select lives_ok($$select api.unblock_slots(array[11105]::bigint[])$$, 'and unblocks it');
reset role;
select is(pg_temp.entry('p5'), 'offered held by b5', 'the unblocked slot is offered to p5');

-- New slots (generation): offered to a waiter of a window that had none.
select test.act_as('player', :'p2');
insert into wl select 'new', (j ->> 'waitlist_id')::bigint from (
  select to_json(api.join_waitlist(venue_id => 10002, "from" => t0 + interval '1 day', "to" => t0 + interval '1 day 2 hours')) as j from t) x;
reset role;
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value
select 12100, 10201, t0 + interval '1 day', t0 + interval '1 day 1 hour', 3000 from t;
select is(pg_temp.entry('new'), 'offered held by b2', 'a new slot in the window is offered to its waiter');

-- A player who may not hold one more slot is passed over and keeps their place.
select test.act_as('player', :'p1');
insert into bk values ('p1b', (to_json(api.hold_slots(array[11003]::bigint[])) ->> 'booking_id')::bigint);
reset role;
select test.act_as('player', :'p3');
insert into wl select 'q3', (j ->> 'waitlist_id')::bigint from (
  select to_json(api.join_waitlist(court_id => 10101, "from" => t0 + interval '2 hours', "to" => t0 + interval '3 hours')) as j from t) x;
-- p3 is at max_pending_holds (2)
select lives_ok('select api.hold_slots(array[11006]::bigint[])', 'p3 holds one slot');
select lives_ok('select api.hold_slots(array[11007]::bigint[])', 'and a second');
reset role;
select test.act_as('player', :'p4');
insert into wl select 'q4', (j ->> 'waitlist_id')::bigint from (
  select to_json(api.join_waitlist(court_id => 10101, "from" => t0 + interval '2 hours', "to" => t0 + interval '3 hours')) as j from t) x;
reset role;
select test.act_as('player', :'p1');
select lives_ok(format('select api.release_hold(%s)', (select id from bk where label = 'p1b')), 'p1 releases 11003');
reset role;
select is(pg_temp.entry('q3'), 'waiting', 'p3 (at the hold quota) is passed over and still waiting');
select is(pg_temp.entry('q4'), 'offered held by b4', 'the next in line gets the offer');

-- The player who gave the slot up is not offered it back.
select test.act_as('player', :'p5');
insert into bk values ('p5', (to_json(api.hold_slots(array[11008]::bigint[])) ->> 'booking_id')::bigint);
insert into wl select 'own', (j ->> 'waitlist_id')::bigint from (
  select to_json(api.join_waitlist(court_id => 10101, "from" => t0 + interval '7 hours', "to" => t0 + interval '8 hours')) as j from t) x;
select lives_ok(format('select api.release_hold(%s)', (select id from bk where label = 'p5')), 'p5 releases 11008 while waiting for it');
reset role;
select is(pg_temp.entry('own'), 'waiting', 'p5 is not offered the slot they just released');
select is((select status::text from data.slot where id = 11008), 'available', 'nobody else waits: the slot is free for anyone');

-- A deleted account leaves every list; the offer it holds is released.
update data.app_user set deleted_at = now() where id = :'p5';
select is(pg_temp.entry('p5') || ' ' || (select status::text from data.slot where id = 11105), 'left available',
  'a deleted account''s offered entry is left, its slot free again');
select is((select status::text from data.booking where id = (select offer_booking_id from data.waitlist_entry where id = (select id from wl where label = 'p5'))),
  'cancelled', 'its offer booking is cancelled');
select is(pg_temp.entry('own'), 'left', 'and its waiting entry is left');

-- At most 20 open entries per player.
select test.act_as('player', :'p1');
select lives_ok($$select api.join_waitlist(venue_id => 10002, "from" => now() + make_interval(days => 10 + k), "to" => now() + make_interval(days => 10 + k, hours => 1)) from generate_series(1, 20) k$$,
  '20 entries');
select is(pg_temp.err($$select api.join_waitlist(venue_id => 10002, "from" => now() + interval '40 days', "to" => now() + interval '40 days 1 hour')$$),
  'invalid_input 400', 'the 21st: invalid_input');
reset role;

-- Grants, comments, who sees entries.
select is(
  (select array_agg(f order by f) from unnest(array[
     'api.join_waitlist(bigint,bigint,timestamptz,timestamptz,text)', 'api.leave_waitlist(bigint)']) f
   where array(select r from unnest(array['anon', 'player', 'owner', 'admin', 'webhook_service', 'worker_service']) r
               where has_function_privilege(r, f::regprocedure, 'execute')) <> '{player}'),
  null, 'join_waitlist and leave_waitlist: players only');
select is(array(select r from unnest(array['anon', 'player', 'owner', 'admin', 'webhook_service', 'worker_service']) r
                where has_function_privilege(r, 'internal.expire_offer(bigint)', 'execute')),
  '{worker_service}', 'expire_offer: the worker only');
select is(
  (select array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text) from pg_proc p
   where p.pronamespace = 'data'::regnamespace
     and p.proname in ('offer_freed_slot', 'waiting_entries_for_slot', 'defer_offer_expiry', 'hold_slots_for',
                       'waitlist_matches', 'slot_freed_offer', 'slots_created_offer', 'waitlist_offer_booking_changed')
     and (has_function_privilege('player', p.oid, 'execute') or has_function_privilege('anon', p.oid, 'execute')
          or has_function_privilege('owner', p.oid, 'execute') or obj_description(p.oid, 'pg_proc') is null)),
  null, 'the waitlist''s data helpers: commented, callable by no API role');
select test.act_as('owner', :'o1');
select is((select count(*)::int from api.waitlist), 0, 'an owner sees no player''s entries (not even at their venue)');
select is((select count(*)::int from data.waitlist_entry), 0, '... nor in the table');
reset role;
select test.act_as('admin', :'ad');
select is((select count(*)::int from api.waitlist), 0, 'admin: GET /waitlist is own entries only');
reset role;
select test.act_as('anon');
select is(pg_temp.err('select count(*) from api.waitlist'), 'sqlstate 42501', 'anon cannot read the waitlist');
reset role;

select * from finish();
rollback;
