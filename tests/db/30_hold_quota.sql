-- Hold quotas (issue 16): max_pending_holds, max_held_slots, the lapse
-- cool-down, Retry-After, lapsed holds stop counting at once, replays and other
-- players unaffected; data.api_error_with_headers.
begin;
select plan(23);
\ir ../engine/fixtures/engine_fixture.sql
insert into data.app_user (id, email, password_hash, full_name, role) values
  ('e0000000-0000-0000-0000-0000000000b3', 'p3@engine.test', 'x', 'Player Three', 'player'),
  ('e0000000-0000-0000-0000-0000000000b4', 'p4@engine.test', 'x', 'Player Four', 'player');
\set p3 e0000000-0000-0000-0000-0000000000b3
\set p4 e0000000-0000-0000-0000-0000000000b4

-- "code status retry-after" of an error (retry-after "-" when absent).
create function pg_temp.quota_err(query text) returns text
language sql
as $$
  select concat_ws(' ', e ->> 'code', e ->> 'status', coalesce(e -> 'headers' ->> 'Retry-After', '-'))
  from test.api_error(query) as e
$$;
grant execute on function pg_temp.quota_err(text) to public;

-- data.api_error_with_headers: header values as strings, nulls dropped.
select is(test.api_error($$select data.api_error_with_headers('too_many_holds', 'm', 429,
            '{"Retry-After": 900, "X-Null": null, "X-Text": "a"}')$$),
  '{"code":"too_many_holds","message":"m","details":null,"hint":null,"status":429,
    "headers":{"Retry-After":"900","X-Text":"a"}}'::jsonb,
  'api_error_with_headers: the body, the status, headers as strings, a null header dropped');
select is(test.api_error($$select data.api_error_with_headers('x', 'm', 400, null, 'd', 'h')$$) -> 'headers',
  '{}'::jsonb, 'no headers: DETAIL still carries "headers": {} (PostgREST requires it)');

select is((select (s.max_pending_holds, s.max_held_slots)::text from data.platform_settings s), '(2,8)',
  'the platform defaults: 2 pending holds, 8 held slots');

-- max_pending_holds: the third pending hold of p1 is refused; Retry-After is
-- the time until the first hold lapses (hold_minutes = 5, now() is fixed in this transaction).
select test.act_as('player', :'p1');
insert into bk select 'p1a', (to_json(api.hold_slots(array[11001]::bigint[])) ->> 'booking_id')::bigint;
insert into bk select 'p1b', (to_json(api.hold_slots(array[11002]::bigint[], 'p1-b')) ->> 'booking_id')::bigint;
select is(pg_temp.quota_err($$select api.hold_slots(array[11003]::bigint[])$$), 'too_many_holds 429 300',
  'a third pending hold: too_many_holds 429, Retry-After 300 (the first hold lapses in 5 minutes)');
select is((select status::text from data.slot where id = 11003), 'available', 'the refused hold changed nothing');
select is((to_json(api.hold_slots(array[11002]::bigint[], 'p1-b')) ->> 'booking_id')::bigint, (select id from bk where label = 'p1b'),
  'a replay of an existing key at the quota returns its booking, not too_many_holds');
reset role;

-- Other players are unaffected.
select test.act_as('player', :'p2');
select isnt((to_json(api.hold_slots(array[11003]::bigint[])) ->> 'booking_id'), null, 'another player holds while p1 is at the quota');
reset role;

-- A lapsed hold stops counting at once, before any sweep closed it.
update data.booking set held_until = now() - interval '1 second' where id = (select id from bk where label = 'p1a');
select is((select status::text from data.booking where id = (select id from bk where label = 'p1a')), 'pending',
  'the lapsed hold is still pending (no sweep ran)');
select test.act_as('player', :'p1');
select isnt((to_json(api.hold_slots(array[11004]::bigint[])) ->> 'booking_id'), null,
  'with one hold lapsed, p1 may hold again');
select is(pg_temp.quota_err($$select api.hold_slots(array[11005]::bigint[])$$), 'too_many_holds 429 300',
  'and is at the quota again');
reset role;

-- A released hold stops counting.
select test.act_as('player', :'p1');
select is((api.release_hold((select id from bk where label = 'p1b'))).status, 'cancelled', 'p1 releases a hold');
select isnt((to_json(api.hold_slots(array[11005]::bigint[])) ->> 'booking_id'), null, 'and may hold again');
reset role;

-- max_held_slots (8): more than 8 in one call never fits (no Retry-After);
-- 6 held + 3 more waits for the 6 to lapse; 6 + 2 fits.
select test.act_as('player', :'p3');
select is(pg_temp.quota_err($$select api.hold_slots(array[11006, 11007, 11008, 11009, 11010, 11101, 11102, 11103, 11104]::bigint[])$$),
  'too_many_holds 429 -', '9 slots in one call: too_many_holds without Retry-After (waiting never helps)');
insert into bk select 'p3six', (to_json(api.hold_slots(array[11006, 11007, 11008, 11009, 11010, 11101]::bigint[])) ->> 'booking_id')::bigint;
select is(pg_temp.quota_err($$select api.hold_slots(array[11102, 11103, 11104]::bigint[])$$), 'too_many_holds 429 300',
  '6 held + 3 more: too_many_holds, Retry-After until the 6 lapse');
insert into bk select 'p3two', (to_json(api.hold_slots(array[11102, 11103]::bigint[])) ->> 'booking_id')::bigint;
select is((select count(*)::int from data.booking_slot bs join bk on bk.id = bs.booking_id
           where bk.label like 'p3%' and bs.active), 8, '6 + 2 = 8 slots fit');
reset role;
-- Retry-After is the first moment the new hold would fit: the 2-slot hold lapses
-- in 2 minutes, the 6-slot one in 5.
update data.booking set held_until = now() + interval '2 minutes' where id = (select id from bk where label = 'p3two');
select test.act_as('player', :'p3');
select is(pg_temp.quota_err($$select api.hold_slots(array[11104]::bigint[])$$), 'too_many_holds 429 120',
  'one more slot fits once the 2-slot hold lapses: Retry-After 120');
select is(pg_temp.quota_err($$select api.hold_slots(array[11104, 11105, 11005]::bigint[])$$), 'too_many_holds 429 300',
  'three more fit only once both lapse: Retry-After 300');
reset role;

-- The settings rule: max_pending_holds = 1 stops p2 (one pending hold) at once.
update data.platform_settings set max_pending_holds = 1;
select test.act_as('player', :'p2');
select is(pg_temp.quota_err($$select api.hold_slots(array[12001]::bigint[])$$), 'too_many_holds 429 300',
  'max_pending_holds = 1: a second pending hold is refused');
reset role;
update data.platform_settings set max_pending_holds = 2;

-- The lapse cool-down: more than 5 unpaid lapses within an hour → 15 minutes
-- after the latest. Lapses are never-confirmed bookings whose held_until passed
-- within the hour and that were not released before it passed, swept or not.
insert into data.booking (player_id, venue_id, status, amount_cents, currency, held_until, cancelled_at, cancel_reason, confirmed_at, created_at)
select :'p4', 10002, st::data.booking_status, 3000, 'USD', now() - m * interval '1 minute',
       case when st = 'cancelled' then now() - m * interval '1 minute' + interval '30 seconds' end,
       case when st = 'cancelled' then 'hold expired' end,
       case when st = 'confirmed' then now() - interval '2 hours' end,
       now() - m * interval '1 minute' - interval '5 minutes'
from (values (10, 'pending'), (20, 'pending'), (30, 'cancelled'), (40, 'cancelled'), (50, 'cancelled'), (59, 'pending'),
             (15, 'confirmed')) as v(m, st);
select test.act_as('player', :'p4');
select is(pg_temp.quota_err($$select api.hold_slots(array[12002]::bigint[])$$), 'too_many_holds 429 300',
  '6 lapses within the hour (swept or not; a confirmed booking is no lapse): wait until 15 minutes after the latest');
reset role;
update data.booking set cancelled_at = held_until - interval '1 minute', status = 'cancelled', cancel_reason = 'hold released by player'
where player_id = :'p4' and held_until = now() - interval '59 minutes';
select test.act_as('player', :'p4');
select isnt(to_json(api.hold_slots(array[12002]::bigint[])) ->> 'booking_id', null,
  'a hold released before it lapsed is no lapse: 5 lapses, p4 may hold');
reset role;
update data.booking set cancelled_at = null, status = 'pending', cancel_reason = null
where player_id = :'p4' and held_until = now() - interval '59 minutes';
update data.booking set held_until = held_until - interval '6 minutes', cancelled_at = cancelled_at - interval '6 minutes'
where player_id = :'p4' and held_until between now() - interval '1 hour' and now() - interval '1 second';
select test.act_as('player', :'p4');
select isnt(to_json(api.hold_slots(array[12003]::bigint[])) ->> 'booking_id', null,
  '15 minutes after the latest lapse (and one lapse now older than an hour): p4 may hold');
reset role;
update data.booking set held_until = held_until + interval '6 minutes' + interval '30 seconds',
                        cancelled_at = cancelled_at + interval '6 minutes' + interval '30 seconds'
where player_id = :'p4' and held_until between now() - interval '1 hour 10 minutes' and now() - interval '1 second';
select test.act_as('player', :'p4');
select is(pg_temp.quota_err($$select api.hold_slots(array[12004]::bigint[])$$), 'too_many_holds 429 330',
  '6 lapses, the latest 9.5 minutes ago: Retry-After 330 even with 2 pending holds (the cool-down is checked first)');
reset role;

-- The per-player lock: a hold takes a transaction-scoped advisory lock on its player.
select ok(exists (select from pg_locks l
                  where l.locktype = 'advisory' and l.pid = pg_backend_pid() and l.objsubid = 2
                    and l.classid = (hashtext('hold_quota')::bigint & 4294967295)::oid
                    and l.objid = (hashtext(:'p1'::text)::bigint & 4294967295)::oid),
  'hold_slots took the advisory lock of p1 (hold_quota, hash of the id), held until the transaction ends');

select * from finish();
rollback;
