-- Recurring series (issue 20): preview_series lists the weekly occurrences and
-- their conflicts; book_series books them all or nothing (fail) or the free
-- weeks (skip), generating the late weeks' slots first; every occurrence is a
-- normal paid-at-the-venue booking linked to its series; cancel_series cancels
-- this and the following occurrences or all future ones; a series across a
-- DST change keeps its local start.
begin;
select plan(51);
\ir ../engine/fixtures/engine_fixture.sql
\set s1 e0000000-0000-0000-0000-0000000000d1
\set s2 e0000000-0000-0000-0000-0000000000d2
insert into data.app_user (id, email, password_hash, full_name, role) values
  (:'s1', 's1@engine.test', 'x', 'Desk One', 'owner'),
  (:'s2', 's2@engine.test', 'x', 'Planner Two', 'owner');
insert into data.venue_staff (venue_id, user_id, permissions) values
  (10001, :'s1', array['bookings']), (10001, :'s2', array['reports', 'schedule']);
-- court 10103 at the Madrid venue: open 08:00-22:00 every day, hourly, 25.00
insert into data.court (id, venue_id, name, sport) overriding system value values (10103, 10001, 'Pista 3', 'padel');
insert into data.availability_rule (court_id, weekday, opens, closes, slot_minutes, price_cents)
select 10103, d, '08:00', '22:00', 60, 2500 from generate_series(1, 7) d;
select data.generate_court_slots(10103, (now() at time zone 'Europe/Madrid')::date, 11);
-- F: 10:00 Madrid time three days from now; weeks 1-2 generated, 3-4 not yet
select (((now() at time zone 'Europe/Madrid')::date + 3) + time '10:00') at time zone 'Europe/Madrid' as f \gset
select id as w1 from data.slot where court_id = 10103 and start_at = :'f'::timestamptz \gset
select id as w2 from data.slot where court_id = 10103 and start_at = :'f'::timestamptz + interval '7 days' \gset

create function pg_temp.preview(first_start timestamptz, weeks integer, minutes integer default null) returns text
language sql as $$
  select string_agg(concat_ws(' ', o ->> 'status', o ->> 'conflict', json_array_length(o -> 'slot_ids')), '; ' order by (o ->> 'week')::int)
  from api.preview_series(10103, first_start, weeks, minutes) p, json_array_elements(p.occurrences) o
$$;
grant execute on function pg_temp.preview(timestamptz, integer, integer) to public;

-- who may
select test.act_as('player', :'p1');
select is(pg_temp.err(format('select api.preview_series(10103, %L, 4)', :'f')), 'sqlstate 42501', 'players cannot preview series');
reset role;
select test.act_as('owner', :'o2');
select is(pg_temp.err(format('select api.preview_series(10103, %L, 4)', :'f')), 'forbidden 403', 'another venue''s owner: forbidden');
select is(pg_temp.err(format('select api.book_series(10103, %L, 4, %L)', :'f', 'League')), 'forbidden 403', '... cannot book one');
reset role;
select test.act_as('owner', :'s2');
select is(pg_temp.err(format('select api.book_series(10103, %L, 4, %L)', :'f', 'League')), 'forbidden 403',
  'staff without the bookings permission: forbidden');
reset role;

-- bad input
select test.act_as('owner', :'o1');
select is(pg_temp.err(format('select api.preview_series(10103, %L, 1)', :'f')), 'invalid_input 400', 'one week is no series');
select is(pg_temp.err(format('select api.preview_series(10103, %L, 53)', :'f')), 'invalid_input 400', 'more than 52 weeks');
select is(pg_temp.err(format('select api.preview_series(10103, %L, null)', :'f')), 'invalid_input 400', 'no weeks');
select is(pg_temp.err('select api.preview_series(10103, null, 4)'), 'invalid_input 400', 'no first start');
select is(pg_temp.err($$select api.preview_series(10103, 'infinity', 4)$$), 'invalid_input 400', 'an infinite first start');
select is(pg_temp.err($$select api.preview_series(10103, now() - interval '1 hour', 4)$$), 'invalid_input 400', 'a past first start');
select is(pg_temp.err($$select api.preview_series(10103, now() + interval '500 days', 4)$$), 'invalid_input 400', 'beyond 400 days');
select is(pg_temp.err(format('select api.preview_series(null, %L, 4)', :'f')), 'invalid_input 400', 'no court');
select is(pg_temp.err(format('select api.preview_series(999999, %L, 4)', :'f')), 'not_found 404', 'an unknown court');
select is(pg_temp.err(format('select api.preview_series(10103, %L, 4)', :'f'::timestamptz + interval '13 hours')), 'invalid_input 400',
  'no slot at first_start and no minutes');
select is(pg_temp.err(format('select api.preview_series(10103, %L, 4, 2)', :'f')), 'invalid_input 400', 'minutes below 5');
select is(pg_temp.err(format('select api.book_series(10103, %L, 4, %L, %L)', :'f', 'League', 'maybe')), 'invalid_input 400',
  'on_conflict is fail or skip');
select is(pg_temp.err(format('select api.book_series(10103, %L, 4, null)', :'f')), 'invalid_input 400', 'a customer name is required');
select is(pg_temp.err(format('select api.book_series(10103, %L, 4, %L, customer_phone => %L)', :'f', 'League', '600')), 'invalid_input 400',
  'the phone must be E.164');

-- the preview
select is(pg_temp.preview(:'f', 4), 'free 1; free 1; free not_generated 0; free not_generated 0',
  'four free weeks: two generated, two to be generated');
select is((select (o ->> 'start_at')::timestamptz from api.preview_series(10103, :'f', 4) p, json_array_elements(p.occurrences) o
           where (o ->> 'week')::int = 4), :'f'::timestamptz + interval '21 days', 'week 4 starts three weeks later');
select is(pg_temp.preview(:'f'::timestamptz + interval '2 hours', 2, 120), 'free 2; free 2', 'minutes: two slots an occurrence');
select is(pg_temp.preview(:'f'::timestamptz + interval '2 hours', 2, 90), 'conflict missing_slot 1; conflict missing_slot 1',
  'minutes that slots do not tile: missing_slot');
select is(pg_temp.preview(:'f'::timestamptz + interval '13 hours', 4, 60),
  'conflict missing_slot 0; conflict missing_slot 0; conflict missing_slot 0; conflict missing_slot 0', 'a closed hour: missing_slot');
reset role;
update data.slot set status = 'blocked', blocked_reason = 'repairs' where id = :w2;
select test.act_as('player', :'p1');
select lives_ok(format('select api.hold_slots(array[%s::bigint])', :w1), 'a player holds week 1');
reset role;
select test.act_as('owner', :'o1');
select is(pg_temp.preview(:'f', 4), 'conflict held 1; conflict blocked 1; free not_generated 0; free not_generated 0',
  'a held and a blocked week');

-- fail: all or nothing, every conflicting slot listed
select is(pg_temp.err(format('select api.book_series(10103, %L, 4, %L)', :'f', 'League')),
  format('slot_unavailable 409 %s,%s', least(:w1, :w2), greatest(:w1, :w2)), 'fail: slot_unavailable listing every conflicting slot');
reset role;
select is((select count(*)::int from data.booking_series), 0, 'fail: no series');
select is((select count(*)::int from data.booking where customer_name = 'League'), 0, 'fail: no booking');

-- skip: the free weeks, late weeks generated first
select test.act_as('owner', :'s1');
create temp table sr as select * from api.book_series(10103, :'f', 4, 'League', 'skip', '+34600111222');
reset role;
select is((select cardinality(booked) from sr), 2, 'skip: two weeks booked');
select is((select skipped from sr), array[:'f'::timestamptz, :'f'::timestamptz + interval '7 days'], 'skip: the conflicting weeks in skipped');
select is((select array_agg(row(b.status, b.paid_at_venue, b.series_id = sr.series_id, b.customer_phone, b.booked_by, b.amount_cents)::text order by b.id)
           from data.booking b, sr where b.id = any(sr.booked)),
  array_fill(row('confirmed', true, true, '+34600111222', :'s1'::uuid, 2500)::text, array[2]),
  'each occurrence: a confirmed walk-in booking, paid at the venue, linked to the series, priced by its slot');
select is((select array_agg(s.start_at order by s.start_at) from data.booking_slot bs join data.slot s on s.id = bs.slot_id, sr
           where bs.booking_id = any(sr.booked)),
  array[:'f'::timestamptz + interval '14 days', :'f'::timestamptz + interval '21 days'], 'weeks 3 and 4, whose slots were generated first');
select is((select count(*)::int from data.slot where court_id = 10103 and start_at::date > (now() + interval '12 days')::date) > 0, true,
  'the court''s later slots now exist');
select test.act_as('owner', :'s1');
select is((select count(*)::int from api.venue_bookings v, sr where v.series_id = sr.series_id and v.payment_status = 'at_venue'), 2,
  'venue_bookings shows the occurrences with their series, at_venue');
select is((select row(customer_name, weeks, confirmed_bookings, local_start)::text from api.booking_series),
  row('League', 4, 2, time '10:00')::text, 'booking_series: the series, its confirmed occurrences, its local start');
reset role;
select test.act_as('owner', :'o2');
select is((select count(*)::int from api.booking_series), 0, 'another owner sees no series of mine');
reset role;

-- a series with no free week books nothing
select test.act_as('owner', :'o1');
select is(pg_temp.err(format('select api.book_series(10103, %L, 2, %L, %L)', :'f', 'Nope', 'skip')) like 'slot_unavailable 409%', true,
  'skip with no free week: slot_unavailable, nothing booked');
-- two-slot occurrences
create temp table doubles as select * from api.book_series(10103, :'f'::timestamptz + interval '2 hours', 3, 'Doubles', minutes => 120);
select is((select array_agg(b.amount_cents order by b.id) from doubles r, data.booking b where b.id = any(r.booked)),
  array[5000, 5000, 5000], 'two slots an occurrence: 50.00 each, all three weeks');

-- cancelling
select is(pg_temp.err('select api.cancel_series(null)'), 'invalid_input 400', 'cancel: no series');
select is(pg_temp.err('select api.cancel_series(999999)'), 'not_found 404', 'cancel: an unknown series');
reset role;
select test.act_as('owner', :'o2');
select is(pg_temp.err(format('select api.cancel_series(%s)', (select series_id from sr))), 'forbidden 403', 'cancel: another venue''s owner');
reset role;
select test.act_as('owner', :'s2');
select is(pg_temp.err(format('select api.cancel_series(%s)', (select series_id from sr))), 'forbidden 403', 'cancel: staff without bookings');
reset role;
select test.act_as('owner', :'s1');
select is((select cancelled from api.cancel_series((select series_id from sr), :'f'::timestamptz + interval '21 days')), 1,
  'this and the following: the last week');
select is((select cancelled from api.cancel_series((select series_id from sr))), 1, 'all future ones: the other');
select is((select cancelled from api.cancel_series((select series_id from sr))), 0, 'again: nothing left');
reset role;
select is((select count(*)::int from data.booking b, sr where b.series_id = sr.series_id and b.status = 'cancelled'), 2,
  'both occurrences cancelled');
select is((select count(*)::int from data.slot s where s.court_id = 10103 and s.start_at in (:'f'::timestamptz + interval '14 days', :'f'::timestamptz + interval '21 days')
           and s.status = 'available'), 2, 'their slots are free again');
select is((select cancelled_at is not null from data.booking_series, sr where id = sr.series_id), true, 'the series is marked cancelled');
select is((select count(*)::int from data.refund r join data.booking b on b.id = r.booking_id, sr where b.series_id = sr.series_id), 0,
  'nothing was paid online: no refund');

-- DST: Europe/Madrid moves to summer time on 2027-03-28; 10:00 stays 10:00
select test.act_as('owner', :'o1');
select is((select array_agg(to_char((o ->> 'start_at')::timestamptz at time zone 'Europe/Madrid', 'HH24:MI') || ' ' ||
                            to_char((o ->> 'start_at')::timestamptz at time zone 'UTC', 'HH24:MI') order by (o ->> 'week')::int)
           from api.preview_series(10103, '2027-03-16 10:00+01', 3, 60) p, json_array_elements(p.occurrences) o),
  array['10:00 09:00', '10:00 09:00', '10:00 08:00'], 'across DST the local start is kept (its UTC time moves)');
create temp table spring as select * from api.book_series(10103, '2027-03-16 10:00+01', 3, 'Spring league');
select is((select array_agg(to_char(s.start_at at time zone 'Europe/Madrid', 'YYYY-MM-DD HH24:MI') order by s.start_at)
           from spring r
           join data.booking_slot bs on bs.booking_id = any(r.booked) join data.slot s on s.id = bs.slot_id),
  array['2027-03-16 10:00', '2027-03-23 10:00', '2027-03-30 10:00'], 'booked across DST at 10:00 local every week');
reset role;

select * from finish();
rollback;
