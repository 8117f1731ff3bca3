-- available_slots and nearby_venues: arguments, what counts as available, order, sport filter.
begin;
select plan(27);
\ir ../engine/fixtures/engine_fixture.sql

-- arguments
select test.act_as('anon');
select is(pg_temp.err($$select * from api.available_slots(venue_id => 10001)$$), 'invalid_input 400', 'from and to are required');
select is(pg_temp.err($$select * from api.available_slots("from" => now(), "to" => now() + interval '1 day')$$), 'invalid_input 400',
  'a venue or a court is required');
select is(pg_temp.err($$select * from api.available_slots(venue_id => 10001, "from" => now(), "to" => now() + interval '14 days 1 second')$$),
  'invalid_input 400', 'at most 14 days');
select is(pg_temp.err($$select * from api.available_slots(venue_id => 10001, "from" => now(), "to" => now())$$), 'invalid_input 400',
  'to after from');
select is(pg_temp.err($$select * from api.available_slots(venue_id => 10001, "from" => now(), "to" => now() + interval '1 day', sport => 'golf')$$),
  'invalid_input 400 golf', 'an unknown sport');
select is(pg_temp.err($$select * from api.available_slots(venue_id => 99999999, "from" => now(), "to" => now() + interval '1 day')$$),
  'not_found 404', 'an unknown venue');
select is(pg_temp.err($$select * from api.available_slots(court_id => 10201, venue_id => 10001, "from" => now(), "to" => now() + interval '1 day')$$),
  'not_found 404', 'a court of another venue');
select is((select count(*) from api.available_slots(venue_id => 10001, "from" => now(), "to" => now() + interval '14 days')), 15::bigint,
  'anon sees the 15 future slots of the venue (not the past one)');
reset role;

-- only what a hold would get right now
select test.act_as('player', :'p1');
select api.hold_slots(array[11001]::bigint[]);
reset role;
update data.slot set status = 'blocked' where id = 11002;
update data.slot set status = 'booked' where id = 11003;
update data.slot set status = 'held', held_by = :'p2', held_until = now() - interval '1 second' where id = 11004;
select test.act_as('anon');
select is((select array_agg(slot_id order by slot_id) from api.available_slots(court_id => 10101, "from" => now(), "to" => now() + interval '14 days')),
  array[11004, 11005, 11006, 11007, 11008, 11009, 11010]::bigint[],
  'held, blocked and booked slots are left out; a lapsed hold is in');
select is((select row(slot_id, court_id, venue_id, price_cents, currency)::text from api.available_slots(court_id => 10101,
           "from" => now(), "to" => now() + interval '14 days') limit 1), '(11004,10101,10001,2000,EUR)', 'the columns');
select is((select end_at - start_at from api.available_slots(court_id => 10101, "from" => now(), "to" => now() + interval '14 days') limit 1),
  interval '1 hour', 'start_at and end_at');
select is((select array_agg(court_id order by ord) from (select court_id, row_number() over () as ord
           from api.available_slots(venue_id => 10001, "from" => now(), "to" => now() + interval '14 days')) x),
  (select array_agg(court_id order by start_at, court_id) from api.available_slots(venue_id => 10001, "from" => now(), "to" => now() + interval '14 days')),
  'ordered by start_at, court_id');
select is((select count(*) from api.available_slots(venue_id => 10001, "from" => now(), "to" => now() + interval '14 days', sport => 'tennis')),
  5::bigint, 'sport filter');
select is((select count(*) from api.available_slots(venue_id => 10001, "from" => now() + interval '3 days 2 hours',
           "to" => now() + interval '3 days 5 hours')), 5::bigint, 'the window bounds start_at');
reset role;
select is((select provolatile from pg_proc where oid = 'api.available_slots(bigint, bigint, timestamptz, timestamptz, text)'::regprocedure),
  's', 'available_slots is STABLE (GET works)');
select ok(exists (select from pg_indexes where indexname = 'slot_court_start_idx'), 'slot_court_start_idx exists');

-- nearby_venues
select test.act_as('anon');
select is((select array_agg(id order by distance_km) from api.nearby_venues(40.4168, -3.7038, 5) where id in (10001, 10002)),
  array[10001::bigint], 'within 5 km of Madrid: the Madrid venue only');
select is((select round(distance_km::numeric, 1) from api.nearby_venues(40.4168, -3.7138, 5) where id = 10001), 0.8,
  'distance in km');
select is((select count(*) from api.nearby_venues(40.4168, -3.7038, 500) where id = 10002), 0::bigint, 'New York is not within 500 km');
select is((select count(*) from api.nearby_venues(40.4168, -3.7038, 10, 'football') where id = 10001), 0::bigint,
  'the sport filter: no football in Madrid');
select is((select count(*) from api.nearby_venues(40.4168, -3.7038, 10, 'tennis') where id = 10001), 1::bigint,
  'but tennis');
select is((select sports from api.nearby_venues(40.4168, -3.7038) where id = 10001), '{padel,tennis}', 'sports listed; radius defaults to 10 km');
select is(pg_temp.err($$select * from api.nearby_venues(91, 0)$$), 'invalid_input 400', 'a bad latitude');
select is(pg_temp.err($$select * from api.nearby_venues(null, 0)$$), 'invalid_input 400', 'a missing latitude');
select is(pg_temp.err($$select * from api.nearby_venues(0, 0, -1)$$), 'invalid_input 400', 'a negative radius');
select is(pg_temp.err($$select * from api.nearby_venues(0, 0, 10, 'golf')$$), 'invalid_input 400 golf', 'an unknown sport');
reset role;
select is((select count(*) from api.venues where id in (10001, 10002)), 2::bigint, 'the venues view still answers');

select * from finish();
rollback;
