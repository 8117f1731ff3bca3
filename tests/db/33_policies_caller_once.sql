-- RLS policies evaluate the caller once per query (sql/policies.sql): no policy
-- calls data.current_user_id() per row or data.owns_venue(); an owner's read plans
-- the caller's venues as one hashed sub-plan; what each caller sees is unchanged
-- (tests/db/02_rls.sql and 15_views_rls.sql hold the whole matrix).
begin;
select plan(10);

select is(
  (select count(*)::int from pg_policies
   where schemaname = 'data'
     and (qual ~ 'current_user_id\(\)' and qual !~* 'select (data\.)?current_user_id\(\)'
          or qual ~ 'owns_venue\(')),
  0, 'no data policy evaluates the caller per row');
select is(
  (select count(*)::int from pg_policies where schemaname = 'data' and qual ~ 'caller_owned_venue_ids'),
  13, 'the thirteen owner policies (eight, two on the venues'' staff, one on suspensions, one on series, one on unpublished venues) read the caller''s venues through data.caller_owned_venue_ids()');
select is(
  (select count(*)::int from pg_policies where schemaname = 'data' and qual ~ 'caller_staff_venue_ids'),
  10, 'the ten staff policies (one of them: the unpublished venues they work at) read the caller''s staff venues through data.caller_staff_venue_ids()');
select is(
  (select count(*)::int from pg_policies where schemaname = 'data' and cmd <> 'SELECT'),
  0, 'policies only ever let API roles read (writes go through api functions)');

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000033a1', 'o1@once.test', 'x', 'Owner One', 'owner'),
  ('00000000-0000-0000-0000-0000000033a2', 'o2@once.test', 'x', 'Owner Two', 'owner'),
  ('00000000-0000-0000-0000-0000000033b1', 'p1@once.test', 'x', 'Player One', 'player');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone) overriding system value values
  (33001, '00000000-0000-0000-0000-0000000033a1', 'A1', 'A', 'Madrid', 40.4, -3.7, 'Europe/Madrid'),
  (33002, '00000000-0000-0000-0000-0000000033a1', 'A2', 'A', 'Madrid', 40.4, -3.7, 'Europe/Madrid'),
  (33003, '00000000-0000-0000-0000-0000000033a2', 'B1', 'B', 'Madrid', 40.4, -3.7, 'Europe/Madrid');
insert into data.court (id, venue_id, name, sport) overriding system value values
  (33101, 33001, 'C', 'padel'), (33102, 33002, 'C', 'padel'), (33103, 33003, 'C', 'padel');
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value values
  (33201, 33101, '2030-01-01 10:00Z', '2030-01-01 11:00Z', 1000),
  (33202, 33102, '2030-01-01 10:00Z', '2030-01-01 11:00Z', 1000),
  (33203, 33103, '2030-01-01 10:00Z', '2030-01-01 11:00Z', 1000);
insert into data.booking (id, player_id, venue_id, amount_cents, currency, held_until) overriding system value
select 33300 + i, '00000000-0000-0000-0000-0000000033b1', 33000 + i, 1000, 'EUR', now() + interval '5 min'
from generate_series(1, 3) i;
insert into data.booking_slot (booking_id, slot_id, price_cents)
select 33300 + i, 33200 + i, 1000 from generate_series(1, 3) i;

select test.act_as('owner', '00000000-0000-0000-0000-0000000033a1');
select is(array(select id from data.booking where id between 33301 and 33303 order by id),
  array[33301, 33302]::bigint[], 'an owner of two venues reads the bookings of both, not a third');
select is(array(select booking_id from data.booking_slot where booking_id between 33301 and 33303 order by 1),
  array[33301, 33302]::bigint[], '... and their booking slots');
select is(array(select x from data.caller_owned_venue_ids() x order by 1), array[33001, 33002]::bigint[],
  'data.caller_owned_venue_ids() lists the caller''s venues');

create temporary table plan_lines (line text) on commit drop;
grant insert, select on plan_lines to owner;
do $$
declare l text;
begin
  for l in execute 'explain (costs off) select count(*) from data.booking' loop
    insert into plan_lines values (l);
  end loop;
end $$;
select ok(exists (select from plan_lines where line ~ 'hashed SubPlan'),
  'an owner''s booking read tests the caller''s venues with one hashed sub-plan');

select test.act_as('player', '00000000-0000-0000-0000-0000000033b1');
select is((select count(*)::int from data.booking where id between 33301 and 33303), 3, 'the player reads their three bookings');
select is(array(select x from data.caller_owned_venue_ids() x), '{}'::bigint[], 'a player owns no venue');

select * from finish();
rollback;
