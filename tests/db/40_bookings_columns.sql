-- (0.2, issue 17) GET /bookings without parsing slots: starts_at, ends_at,
-- venue_name, court_names, beside every 0.1 column; hold_slots answers
-- free_cancellation_until exactly as api.bookings shows it (also on a replay).
begin;
select plan(14);
\ir ../engine/fixtures/engine_fixture.sql

select test.act_as('player', :'p1');
-- Two slots on two courts of venue 10001: padel 11002 (t0+1h) and tennis 11103 (t0+2h).
create temp table held as select to_json(api.hold_slots(array[11103, 11002]::bigint[], 'k-40')) as answer;
create temp table replay as select to_json(api.hold_slots(array[11002, 11103]::bigint[], 'k-40')) as answer;
-- One more booking, later: padel 11008 (t0+7h).
create temp table later as select to_json(api.hold_slots(array[11008]::bigint[])) as answer;
reset role;
insert into bk select 'two', (answer ->> 'booking_id')::bigint from held;
insert into bk select 'later', (answer ->> 'booking_id')::bigint from later;

select test.act_as('player', :'p1');
select is((select starts_at from api.bookings where id = (select id from bk where label = 'two')),
  date_trunc('hour', now()) + interval '3 days 1 hour', 'starts_at: the first slot''s start');
select is((select ends_at from api.bookings where id = (select id from bk where label = 'two')),
  date_trunc('hour', now()) + interval '3 days 3 hours', 'ends_at: the last slot''s end');
select is((select venue_name from api.bookings where id = (select id from bk where label = 'two')),
  'Madrid Padel', 'venue_name');
select is((select court_names from api.bookings where id = (select id from bk where label = 'two')),
  array['Pista 1', 'Tenis 1'], 'court_names: each booked court once, by name');
select is((select array_agg(id order by starts_at) from api.bookings where starts_at >= now() + interval '3 days 5 hours'),
  array[(select id from bk where label = 'later')], 'filterable by starts_at (upcoming from an instant)');
select is((select array_agg(id order by starts_at desc) from api.bookings),
  array[(select id from bk where label = 'later'), (select id from bk where label = 'two')], 'orderable by starts_at');

-- hold_slots' answer: free_cancellation_until as the view has it (first start − 1440 minutes).
select is((select (answer ->> 'free_cancellation_until')::timestamptz from held),
  date_trunc('hour', now()) + interval '2 days 1 hour', 'hold_slots answers free_cancellation_until');
select is((select (answer ->> 'free_cancellation_until')::timestamptz from held),
  (select free_cancellation_until from api.bookings where id = (select id from bk where label = 'two')),
  'the same instant as GET /bookings');
select is((select (answer ->> 'free_cancellation_until')::timestamptz from replay),
  (select (answer ->> 'free_cancellation_until')::timestamptz from held), 'a replayed key answers it too');
select is((select answer::jsonb - 'free_cancellation_until' from replay),
  (select answer::jsonb - 'free_cancellation_until' from held), 'and the rest of the replayed answer is unchanged');
select is((select array_agg(k order by k) from held, json_object_keys(answer) k),
  array['amount_cents', 'booking_id', 'currency', 'free_cancellation_until', 'held_until', 'slot_ids', 'status'],
  'the answer''s keys');

-- A cancelled booking keeps its times and names (its slots are free again).
select api.release_hold((select id from bk where label = 'later'));
select is((select row(status, starts_at, court_names)::text from api.bookings where id = (select id from bk where label = 'later')),
  (select row('cancelled'::data.booking_status, date_trunc('hour', now()) + interval '3 days 7 hours', array['Pista 1'])::text),
  'a cancelled booking still says when and where it was');
reset role;

-- Every 0.1 column is still there, in its place, and the new ones come after them.
select is((select array_agg(attname::text order by attnum) from pg_attribute
           where attrelid = 'api.bookings'::regclass and attnum > 0),
  array['id', 'venue_id', 'status', 'amount_cents', 'currency', 'held_until', 'created_at', 'confirmed_at',
        'cancelled_at', 'slots', 'payment_status', 'cancel_reason', 'refunded_cents', 'refunds',
        'free_cancellation_until', 'payment_error', 'starts_at', 'ends_at', 'venue_name', 'court_names', 'share', 'cancellation_policy'],
  'api.bookings: the columns, new ones appended');

-- Another player sees none of it.
select test.act_as('player', :'p2');
select is((select count(*) from api.bookings where id in (select id from bk)), 0::bigint, 'another player sees none of them');
reset role;

select * from finish();
rollback;
