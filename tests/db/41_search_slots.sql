-- (0.2, issue 17) api.search_slots: slots across the venues within a radius, in
-- order (start_at, distance_km, slot_id), only what a hold would get right now,
-- filters, limits; bad input answers invalid_input, always the same way.
begin;
select plan(40);
\ir ../engine/fixtures/engine_fixture.sql

-- A second Madrid venue ~1.9 km north of 10001 (40.4168, -3.7038), with an indoor
-- padel court whose slots start on the half hour (interleaving 10101's) and a
-- football court; a third one ~22 km away (outside 5 km, inside 50 km).
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency)
  overriding system value values
  (10003, :'o1', 'Chamberi Padel', 'Calle 3', 'Madrid', 40.4338, -3.7038, 'Europe/Madrid', 'EUR'),
  (10004, :'o2', 'Alcala Padel', 'Calle 4', 'Alcala', 40.4168, -3.4438, 'Europe/Madrid', 'EUR');
insert into data.court (id, venue_id, name, sport, indoor) overriding system value values
  (10301, 10003, 'Indoor 1', 'padel', true), (10302, 10003, 'Campo', 'football', false),
  (10401, 10004, 'Pista A', 'padel', false);
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value
select 13000 + k, 10301, t0 + (k - 1) * interval '1 hour' + interval '30 minutes', t0 + k * interval '1 hour' + interval '30 minutes', 2500
from generate_series(1, 4) k, (select date_trunc('hour', now()) + interval '3 days' as t0) t
union all
select 13100 + k, 10302, t0 + (k - 1) * interval '1 hour', t0 + k * interval '1 hour', 6000
from generate_series(1, 2) k, (select date_trunc('hour', now()) + interval '3 days' as t0) t
union all
select 14000 + k, 10401, t0 + (k - 1) * interval '1 hour', t0 + k * interval '1 hour', 1800
from generate_series(1, 2) k, (select date_trunc('hour', now()) + interval '3 days' as t0) t;
-- A window [t0, t0 + 3h) over Madrid.
create temp table w as select date_trunc('hour', now()) + interval '3 days' as t0;
grant select on w to public;

select test.act_as('anon');
select is(
  (select array_agg(slot_id order by ord) from (
     select slot_id, row_number() over () as ord
     from api.search_slots(40.4168, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '3 hours', 'padel')) x),
  array[11001, 13001, 11002, 13002, 11003, 13003]::bigint[],
  'padel within 5 km: both Madrid venues, by start_at (half hours interleave), nearest first');
select is(
  (select array_agg(slot_id order by ord) from (
     select slot_id, row_number() over () as ord
     from api.search_slots(40.4253, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '1 hour 1 minute')) x),
  array[11001, 11101, 13101, 13001, 11002, 11102, 13102]::bigint[],
  'halfway between the venues: equal start_at and distance_km by slot_id; every sport without a filter');
select is((select count(distinct distance_km) from api.search_slots(40.4253, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '1 hour')),
  1::bigint, '(both venues are at the same distance_km from there)');
select is(
  (select array_agg(distinct venue_id order by venue_id)
   from api.search_slots(40.4168, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '3 hours')),
  array[10001, 10003]::bigint[], 'the venue 22 km away is outside 5 km (and New York far outside)');
select is(
  (select array_agg(distinct venue_id order by venue_id)
   from api.search_slots(40.4168, -3.7038, 50, (select t0 from w), (select t0 from w) + interval '3 hours')),
  array[10001, 10003, 10004]::bigint[], 'but inside 50 km');
select is(
  (select row(slot_id, court_id, court_name, venue_id, venue_name, distance_km, sport, indoor,
              start_at - (select t0 from w), end_at - start_at, price_cents, currency)::text
   from api.search_slots(40.4168, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '3 hours', 'padel')
   where slot_id = 13001),
  '(13001,10301,"Indoor 1",10003,"Chamberi Padel",1.892,padel,t,00:30:00,01:00:00,2500,EUR)',
  'the columns: court, venue, distance_km (to the metre), sport, indoor, times, price, currency');
select is(
  (select array_agg(row(venue_id, distance_km)::text order by venue_id) from (
     select distinct venue_id, distance_km
     from api.search_slots(40.41, -3.6, 50, (select t0 from w), (select t0 from w) + interval '3 hours')) x),
  (select array_agg(row(id, distance_km)::text order by id) from api.nearby_venues(40.41, -3.6, 50) where id in (10001, 10003, 10004)),
  'distance_km is nearby_venues'' (earthdistance''s great circle), to the metre');
select is((select count(*) from api.search_slots(40.4168, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '3 hours', 'football')),
  2::bigint, 'the sport filter');
select is((select array_agg(distinct court_id) from api.search_slots(40.4168, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '3 hours', indoor => true)),
  array[10301]::bigint[], 'indoor => true: indoor courts only');
select is((select count(*) from api.search_slots(40.4168, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '3 hours', indoor => false)
           where indoor), 0::bigint, 'indoor => false: no indoor court');
select is((select max(price_cents) from api.search_slots(40.4168, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '3 hours', max_price_cents => 2000)),
  2000, 'max_price_cents: nothing dearer');
select is((select array_agg(slot_id) from api.search_slots(40.4168, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '3 hours', 'padel', "limit" => 2)),
  array[11001, 13001]::bigint[], 'limit: the first rows in order');
select is((select count(*) from api.search_slots(40.4168, -3.7038, 5, (select t0 from w) + interval '30 minutes', (select t0 from w) + interval '1 hour', 'padel')),
  1::bigint, 'the window bounds start_at: [from, to)');
select is((select count(*) from api.search_slots(40.4168, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '24 hours')),
  21::bigint, 'a 24-hour window is allowed (every slot of both venues: 15 + 6)');
reset role;

-- Only what a hold would get right now.
select test.act_as('player', :'p1');
select api.hold_slots(array[11001]::bigint[]);
reset role;
update data.slot set status = 'blocked', blocked_reason = 'maintenance' where id = 11002;
update data.slot set status = 'booked' where id = 13001;
update data.slot set status = 'held', held_by = :'p2', held_until = now() - interval '1 second' where id = 13002;
select test.act_as('anon');
select is(
  (select array_agg(slot_id order by ord) from (
     select slot_id, row_number() over () as ord
     from api.search_slots(40.4168, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '3 hours', 'padel')) x),
  array[13002, 11003, 13003]::bigint[],
  'held, blocked and booked slots are left out; a lapsed hold is in');
select is(
  (select array_agg(slot_id order by slot_id) from api.search_slots(40.4168, -3.7038, 1, (select t0 from w), (select t0 from w) + interval '24 hours')),
  (select array_agg(slot_id order by slot_id) from api.available_slots(venue_id => 10001, "from" => (select t0 from w), "to" => (select t0 from w) + interval '24 hours')),
  'the same rule as available_slots (one venue within 1 km)');
select is((select count(*) from api.search_slots(40.4168, -3.7038, 1, date_trunc('hour', now()) - interval '2 days', date_trunc('hour', now()) - interval '1 day')),
  0::bigint, 'a past slot is never offered (11099 started two days ago)');
reset role;
-- A slot starting within the hour, and one that started a minute ago.
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value values
  (11098, 10101, now() - interval '1 minute', now() + interval '10 minutes', 2000),
  (11097, 10101, now() + interval '15 minutes', now() + interval '19 minutes', 2000);
select test.act_as('anon');
select is((select array_agg(slot_id) from api.search_slots(40.4168, -3.7038, 1, now() - interval '1 hour', now() + interval '1 hour')),
  array[11097]::bigint[], 'a started slot is left out, one starting soon is in');
reset role;

-- Every role may search; it is STABLE (GET works) and returns the named type.
select test.act_as('player', :'p2');
select ok((select count(*) > 0 from api.search_slots(40.4168, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '3 hours')), 'a player searches');
reset role;
select test.act_as('owner', :'o2');
select ok((select count(*) > 0 from api.search_slots(40.4168, -3.7038, 5, (select t0 from w), (select t0 from w) + interval '3 hours')), 'an owner searches');
reset role;
select is((select provolatile::text from pg_proc where oid = 'api.search_slots(double precision, double precision, double precision, timestamptz, timestamptz, text, integer, boolean, integer)'::regprocedure),
  's', 'search_slots is STABLE (GET works)');
select is((select prorettype::regtype::text from pg_proc where oid = 'api.search_slots(double precision, double precision, double precision, timestamptz, timestamptz, text, integer, boolean, integer)'::regprocedure),
  'api.search_slot', 'it returns rows of the named type api.search_slot');
select ok(obj_description('api.search_slots(double precision, double precision, double precision, timestamptz, timestamptz, text, integer, boolean, integer)'::regprocedure, 'pg_proc') is not null,
  'it has a comment');

-- Bad input: invalid_input 400, the same way every time (never a raw SQL error).
select test.act_as('anon');
select is(pg_temp.err($$select * from api.search_slots(null, -3.7, 5, now(), now() + interval '1 hour')$$), 'invalid_input 400', 'a null lat');
select is(pg_temp.err($$select * from api.search_slots(40.4, null, 5, now(), now() + interval '1 hour')$$), 'invalid_input 400', 'a null lng');
select is(pg_temp.err($$select * from api.search_slots(90.5, -3.7, 5, now(), now() + interval '1 hour')$$), 'invalid_input 400', 'lat over 90');
select is(pg_temp.err($$select * from api.search_slots(40.4, -180.5, 5, now(), now() + interval '1 hour')$$), 'invalid_input 400', 'lng under -180');
select is(pg_temp.err($$select * from api.search_slots('NaN', -3.7, 5, now(), now() + interval '1 hour')$$), 'invalid_input 400', 'lat NaN');
select is(pg_temp.err($$select * from api.search_slots(40.4, 'Infinity', 5, now(), now() + interval '1 hour')$$), 'invalid_input 400', 'lng Infinity');
select is(pg_temp.err($$select * from api.search_slots(40.4, -3.7, 50.001, now(), now() + interval '1 hour')$$), 'invalid_input 400', 'a radius over 50 km');
select is(pg_temp.err($$select * from api.search_slots(40.4, -3.7, 0, now(), now() + interval '1 hour')$$), 'invalid_input 400', 'a radius of 0');
select is(pg_temp.err($$select * from api.search_slots(40.4, -3.7, 'NaN', now(), now() + interval '1 hour')$$), 'invalid_input 400', 'a radius NaN');
select is(pg_temp.err($$select * from api.search_slots(40.4, -3.7, 5, now(), now() + interval '24 hours 1 second')$$), 'invalid_input 400', 'a window over 24 hours');
select is(pg_temp.err($$select * from api.search_slots(40.4, -3.7, 5, '4713-01-01 00:00+00 BC', '294000-01-01 00:00+00')$$), 'invalid_input 400',
  'a window of ~300,000 years (timestamptz subtraction would wrap around)');
select is(pg_temp.err($$select * from api.search_slots(40.4, -3.7, 5, now() + interval '1 hour', now())$$), 'invalid_input 400', 'a reversed window');
select is(pg_temp.err($$select * from api.search_slots(40.4, -3.7, 5, '-infinity', now())$$), 'invalid_input 400', 'an infinite from');
select is(pg_temp.err($$select * from api.search_slots(40.4, -3.7, 5)$$), 'invalid_input 400', 'no window');
select is(pg_temp.err($$select * from api.search_slots(40.4, -3.7, 5, now(), now() + interval '1 hour', 'padel'' or 1=1 --')$$),
  'invalid_input 400 padel'' or 1=1 --', 'an unknown sport (an injection attempt is just an unknown sport)');
select is(pg_temp.err($$select * from api.search_slots(40.4, -3.7, 5, now(), now() + interval '1 hour', "limit" => 501)$$), 'invalid_input 400', 'limit over 500');
select is(pg_temp.err($$select * from api.search_slots(40.4, -3.7, 5, now(), now() + interval '1 hour', max_price_cents => -1)$$), 'invalid_input 400', 'a negative max_price_cents');
reset role;

select * from finish();
rollback;
