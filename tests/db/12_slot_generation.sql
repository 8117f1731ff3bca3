-- set_availability and generate_slots: validation, idempotency, horizon,
-- past-midnight rules and the DST weeks (spring and autumn, Madrid and New York).
begin;
select plan(54);
\ir ../engine/fixtures/engine_fixture.sql

insert into data.court (id, venue_id, name, sport) overriding system value values
  (10103, 10001, 'DST night', 'padel'), (10104, 10001, 'DST week', 'padel'), (10105, 10001, 'Late', 'padel'),
  (10202, 10002, 'DST night', 'tennis'), (10203, 10002, 'DST week', 'tennis');

-- The next DST transitions (Sundays), computed so the test never goes stale:
-- EU: last Sunday of March / October; US: second Sunday of March / first of November.
create temp table dst as
with y as (select generate_series(extract(year from now())::int, extract(year from now())::int + 1) as y),
c as (
  select make_date(y, 3, 31) - (extract(isodow from make_date(y, 3, 31))::int % 7) as eu_spring,
         make_date(y, 10, 31) - (extract(isodow from make_date(y, 10, 31))::int % 7) as eu_autumn,
         make_date(y, 3, 1) + (7 - extract(isodow from make_date(y, 3, 1))::int) % 7 + 7 as us_spring,
         make_date(y, 11, 1) + (7 - extract(isodow from make_date(y, 11, 1))::int) % 7 as us_autumn
  from y)
select (select min(eu_spring) from c where eu_spring > current_date + 2) as eu_spring,
       (select min(eu_autumn) from c where eu_autumn > current_date + 2) as eu_autumn,
       (select min(us_spring) from c where us_spring > current_date + 2) as us_spring,
       (select min(us_autumn) from c where us_autumn > current_date + 2) as us_autumn;
grant select on dst to public;

-- Local wall-clock starts of a court's slots on one local date, and their lengths in minutes.
create function pg_temp.local_starts(court bigint, day date) returns text
language sql as $$
  select string_agg(to_char(s.start_at at time zone v.timezone, 'HH24:MI') || '/'
                    || (extract(epoch from s.end_at - s.start_at) / 60)::int, ' ' order by s.start_at)
  from data.slot s join data.court c on c.id = s.court_id join data.venue v on v.id = c.venue_id
  where s.court_id = court and (s.start_at at time zone v.timezone)::date = day
$$;

-- set_availability: who, and every validation rule
select test.act_as('anon');
select is(pg_temp.err($$select api.set_availability(10103, '[]')$$), 'sqlstate 42501', 'anon cannot set rules');
reset role;
select test.act_as('player', :'p1');
select is(pg_temp.err($$select api.set_availability(10103, '[]')$$), 'sqlstate 42501', 'a player cannot set rules');
reset role;
select test.act_as('owner', :'o2');
select is(pg_temp.err($$select api.set_availability(10103, '[{"weekday":1,"opens":"08:00","closes":"09:00","slot_minutes":60,"price_cents":100}]')$$),
  'forbidden 403', 'another owner''s court: forbidden');
reset role;
select test.act_as('owner', :'o1');
select is(pg_temp.err($$select api.set_availability(99999999, '[]')$$), 'not_found 404', 'an unknown court');
select is(pg_temp.err($$select api.set_availability(10103, null)$$), 'invalid_input 400', 'rules null');
select is(pg_temp.err($$select api.set_availability(10103, '{"weekday":1}')$$), 'invalid_input 400', 'rules not a list');
select is(pg_temp.err($$select api.set_availability(10103, '[1]')$$), 'invalid_input 400', 'a rule not an object');
select is(pg_temp.err($$select api.set_availability(10103, '[{"weekday":8,"opens":"08:00","closes":"09:00","slot_minutes":60,"price_cents":100}]')$$),
  'invalid_input 400', 'weekday 8');
select is(pg_temp.err($$select api.set_availability(10103, '[{"weekday":"1","opens":"08:00","closes":"09:00","slot_minutes":60,"price_cents":100}]')$$),
  'invalid_input 400', 'weekday as a string');
select is(pg_temp.err($$select api.set_availability(10103, '[{"weekday":1,"opens":"8:00","closes":"09:00","slot_minutes":60,"price_cents":100}]')$$),
  'invalid_input 400', 'opens not HH:MM');
select is(pg_temp.err($$select api.set_availability(10103, '[{"weekday":1,"opens":"08:00","closes":"25:00","slot_minutes":60,"price_cents":100}]')$$),
  'invalid_input 400', 'closes 25:00');
select is(pg_temp.err($$select api.set_availability(10103, '[{"weekday":1,"opens":"08:00","closes":"08:00","slot_minutes":60,"price_cents":100}]')$$),
  'invalid_input 400', 'opens = closes');
select is(pg_temp.err($$select api.set_availability(10103, '[{"weekday":1,"opens":"08:00","closes":"09:00","slot_minutes":10,"price_cents":100}]')$$),
  'invalid_input 400', 'slot_minutes below 15');
select is(pg_temp.err($$select api.set_availability(10103, '[{"weekday":1,"opens":"08:00","closes":"09:00","slot_minutes":60.5,"price_cents":100}]')$$),
  'invalid_input 400', 'fractional slot_minutes');
select is(pg_temp.err($$select api.set_availability(10103, '[{"weekday":1,"opens":"08:00","closes":"09:00","slot_minutes":60,"price_cents":0}]')$$),
  'invalid_input 400', 'price 0');
select is(pg_temp.err($$select api.set_availability(10103, '[{"weekday":1,"opens":"08:00","closes":"09:00","slot_minutes":60}]')$$),
  'invalid_input 400', 'price missing');
select is(pg_temp.err($$select api.set_availability(10103, '[{"weekday":1,"opens":"08:00","closes":"08:30","slot_minutes":60,"price_cents":100}]')$$),
  'invalid_input 400', 'a window shorter than one slot');
select is(pg_temp.err($$select api.set_availability(10103, '[{"weekday":1,"opens":"08:00","closes":"12:00","slot_minutes":60,"price_cents":100},
                                                            {"weekday":1,"opens":"11:00","closes":"13:00","slot_minutes":60,"price_cents":100}]')$$),
  'invalid_input 400', 'overlapping rules of one day');
select is(pg_temp.err($$select api.set_availability(10103, '[{"weekday":7,"opens":"22:00","closes":"02:00","slot_minutes":60,"price_cents":100},
                                                            {"weekday":1,"opens":"01:00","closes":"03:00","slot_minutes":60,"price_cents":100}]')$$),
  'invalid_input 400', 'a Sunday rule past midnight overlapping Monday''s');
select is(to_jsonb(api.set_availability(10103, '[{"weekday":1,"opens":"08:00","closes":"12:00","slot_minutes":60,"price_cents":100},
                                        {"weekday":1,"opens":"12:00","closes":"14:00","slot_minutes":60,"price_cents":200}]')),
  '{"rules": 2}', 'back-to-back rules are fine: {rules: n}');
select is(to_jsonb(api.set_availability(10103, '[{"weekday":7,"opens":"00:00","closes":"06:00","slot_minutes":60,"price_cents":1000}]')),
  '{"rules": 1}', 'set_availability replaces the rules');
reset role;
select is((select count(*) from data.availability_rule where court_id = 10103), 1::bigint, 'one rule left');
select test.act_as('admin', :'ad');
select is(to_jsonb(api.set_availability(10203, '[{"weekday":1,"opens":"08:00","closes":"22:00","slot_minutes":60,"price_cents":1000}]')),
  '{"rules": 1}', 'an admin may set any court''s rules');
reset role;

-- generate_slots: arguments
select test.act_as('owner', :'o1');
select is(pg_temp.err($$select api.generate_slots(venue_id => 10001, days => 401)$$), 'invalid_input 400', 'days above 400');
select is(pg_temp.err($$select api.generate_slots(venue_id => 10001, days => 0)$$), 'invalid_input 400', 'days 0');
select is(pg_temp.err($$select api.generate_slots()$$), 'invalid_input 400', 'neither venue nor court');
select is(pg_temp.err($$select api.generate_slots(venue_id => 10001, court_id => 10103)$$), 'invalid_input 400', 'both venue and court');
select is(pg_temp.err($$select api.generate_slots(venue_id => 10001, from_date => current_date + 500)$$), 'invalid_input 400',
  'a start beyond the horizon');
select is(pg_temp.err($$select api.generate_slots(venue_id => 10002)$$), 'forbidden 403', 'another owner''s venue');
select is(pg_temp.err($$select api.generate_slots(court_id => 99999999)$$), 'not_found 404', 'an unknown court');
reset role;

-- Madrid, spring forward (02:00 → 03:00): the 02:00 start does not exist and is skipped;
-- the 01:00 slot lasts 60 real minutes (ends at 03:00 CEST).
select test.act_as('owner', :'o1');
select is((to_json(api.generate_slots(court_id => 10103, from_date => (select eu_spring from dst), days => 1)) ->> 'created')::int, 5,
  'Madrid spring: 5 slots from 00:00-06:00');
reset role;
select is(pg_temp.local_starts(10103, (select eu_spring from dst)), '00:00/60 01:00/60 03:00/60 04:00/60 05:00/60',
  'Madrid spring: 02:00 skipped, every slot 60 real minutes');
select is((select to_char(end_at at time zone 'Europe/Madrid', 'HH24:MI') from data.slot
           where court_id = 10103 and to_char(start_at at time zone 'Europe/Madrid', 'HH24:MI') = '01:00'), '03:00',
  'the 01:00 slot ends at 03:00 local');
-- Madrid, fall back (03:00 → 02:00): 02:00 is ambiguous and generated once.
select test.act_as('owner', :'o1');
select is((to_json(api.generate_slots(court_id => 10103, from_date => (select eu_autumn from dst), days => 1)) ->> 'created')::int, 6,
  'Madrid autumn: 6 slots');
reset role;
select is(pg_temp.local_starts(10103, (select eu_autumn from dst)), '00:00/60 01:00/60 02:00/60 03:00/60 04:00/60 05:00/60',
  'Madrid autumn: the ambiguous 02:00 once');
select is((select count(*) from data.slot where court_id = 10103
           and to_char(start_at at time zone 'Europe/Madrid', 'HH24:MI') = '02:00'
           and (start_at at time zone 'Europe/Madrid')::date = (select eu_autumn from dst)), 1::bigint, 'exactly one 02:00 slot');
-- New York
select test.act_as('owner', :'o2');
select api.set_availability(10202, '[{"weekday":7,"opens":"00:00","closes":"06:00","slot_minutes":60,"price_cents":1000}]');
select is((to_json(api.generate_slots(court_id => 10202, from_date => (select us_spring from dst), days => 1)) ->> 'created')::int, 5,
  'New York spring: 5 slots');
select is((to_json(api.generate_slots(court_id => 10202, from_date => (select us_autumn from dst), days => 1)) ->> 'created')::int, 6,
  'New York autumn: 6 slots');
reset role;
select is(pg_temp.local_starts(10202, (select us_spring from dst)), '00:00/60 01:00/60 03:00/60 04:00/60 05:00/60',
  'New York spring: 02:00 skipped');
select is(pg_temp.local_starts(10202, (select us_autumn from dst)), '00:00/60 01:00/60 02:00/60 03:00/60 04:00/60 05:00/60',
  'New York autumn: the ambiguous 01:00 once');

-- Whole DST weeks, daily 08:00-22:00 hourly: every local day has the same 14 wall-clock starts.
select test.act_as('owner', :'o1');
select api.set_availability(10104, (select json_agg(json_build_object('weekday', d, 'opens', '08:00', 'closes', '22:00',
  'slot_minutes', 60, 'price_cents', 1000)) from generate_series(1, 7) d));
select is((to_json(api.generate_slots(court_id => 10104, from_date => (select eu_spring from dst) - 6, days => 7)) ->> 'created')::int, 98,
  'Madrid spring week: 7 × 14 slots');
select is((to_json(api.generate_slots(court_id => 10104, from_date => (select eu_autumn from dst) - 6, days => 7)) ->> 'created')::int, 98,
  'Madrid autumn week: 7 × 14 slots');
reset role;
select test.act_as('admin', :'ad');
select is((to_json(api.generate_slots(court_id => 10203, from_date => (select us_spring from dst) - 6, days => 7)) ->> 'created')::int, 14,
  'New York spring week: Mondays only for this court (admin generated)');
reset role;
select is((select count(*) from data.slot s where s.court_id = 10104
           and (to_char(s.start_at at time zone 'Europe/Madrid', 'HH24:MI') not between '08:00' and '21:00'
                or to_char(s.start_at at time zone 'Europe/Madrid', 'MI') <> '00'
                or s.end_at - s.start_at <> interval '1 hour')), 0::bigint,
  'Madrid DST weeks: every slot starts on the hour between 08:00 and 21:00 local and lasts an hour');
select is((select count(distinct to_char(s.start_at at time zone 'Europe/Madrid', 'HH24:MI')) from data.slot s where s.court_id = 10104),
  14::bigint, 'the same 14 local starts on both sides of each transition');
select is((select count(*) from data.slot s where s.court_id = 10203
           and (to_char(s.start_at at time zone 'America/New_York', 'HH24:MI') not between '08:00' and '21:00'
                or s.end_at - s.start_at <> interval '1 hour')), 0::bigint, 'New York: local wall-clock starts too');

-- idempotent, never touching existing slots
update data.slot set status = 'blocked', blocked_reason = 'kept', price_cents = 4242
where court_id = 10104 and (start_at at time zone 'Europe/Madrid')::date = (select eu_spring from dst)
  and to_char(start_at at time zone 'Europe/Madrid', 'HH24:MI') = '10:00';
select test.act_as('owner', :'o1');
select is((to_json(api.generate_slots(court_id => 10104, from_date => (select eu_spring from dst) - 6, days => 7)) ->> 'created')::int, 0,
  'generating again creates nothing');
reset role;
select is((select status::text || ' ' || blocked_reason || ' ' || price_cents from data.slot where court_id = 10104
           and (start_at at time zone 'Europe/Madrid')::date = (select eu_spring from dst)
           and to_char(start_at at time zone 'Europe/Madrid', 'HH24:MI') = '10:00'), 'blocked kept 4242',
  'an existing slot is never touched');

-- past midnight: Friday 18:00-01:00 gives Friday's late slots, the last one on Saturday 00:00 local
select test.act_as('owner', :'o1');
select api.set_availability(10105, '[{"weekday":5,"opens":"18:00","closes":"01:00","slot_minutes":60,"price_cents":3000}]');
create temp table fri as select d as friday from generate_series(current_date + 3, current_date + 9, interval '1 day') g(d0),
  lateral (select g.d0::date as d) x where extract(isodow from g.d0) = 5;
reset role;
select test.act_as('owner', :'o1');
select is((to_json(api.generate_slots(court_id => 10105, from_date => (select friday from fri), days => 1)) ->> 'created')::int, 7,
  'a past-midnight rule: 7 slots from one Friday');
reset role;
select is(pg_temp.local_starts(10105, (select friday from fri)), '18:00/60 19:00/60 20:00/60 21:00/60 22:00/60 23:00/60',
  'Friday 18:00 to 23:00');
select is(pg_temp.local_starts(10105, (select friday from fri) + 1), '00:00/60', 'and Saturday 00:00 (Friday''s rule)');

-- the worker's horizon
set local role worker_service;
select cmp_ok(internal.generate_slots_for_horizon(14), '>', 0, 'generate_slots_for_horizon creates slots for every court with rules');
select is(internal.generate_slots_for_horizon(14), 0, 'and nothing the second time');
select is(pg_temp.err('select internal.generate_slots_for_horizon(401)'), 'invalid_input 400', 'at most 400 days');
reset role;

select * from finish();
rollback;
