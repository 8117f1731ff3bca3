-- Owner quotas and statement timeouts (issue 16): at most 20 venues per owner
-- and 40 courts per venue for owner requests (admins exempt); statement_timeout
-- 5s on the API roles, none on the service roles.
begin;
select plan(13);
insert into data.app_user (id, email, password_hash, full_name, role) values
  ('e0000000-0000-0000-0000-0000000000f1', 'quota-owner@q.test', 'x', 'Quota Owner', 'owner'),
  ('e0000000-0000-0000-0000-0000000000f2', 'quota-admin@q.test', 'x', 'Quota Admin', 'admin');

select test.act_as('owner', 'e0000000-0000-0000-0000-0000000000f1');
select is((select count(*)::int from generate_series(1, 20) i,
           lateral api.create_venue('V' || i, 'A', 'C', 40.4, -3.7, 'Europe/Madrid') v),
          20, 'an owner creates 20 venues');
select is(test.api_error($$select api.create_venue('V21', 'A', 'C', 40.4, -3.7, 'Europe/Madrid')$$) ->> 'code',
  'invalid_input', 'the 21st venue is refused (invalid_input 400)');
create temp table qv as select (to_json(api.create_court(
    (select min(id) from data.venue where owner_id = 'e0000000-0000-0000-0000-0000000000f1'),
    'C' || i, 'padel')) ->> 'court_id')::bigint as court_id
  from generate_series(1, 40) i;
select is((select count(*)::int from qv), 40, 'a venue gets 40 courts');
select is(test.api_error($$select api.create_court(
    (select min(id) from data.venue where owner_id = 'e0000000-0000-0000-0000-0000000000f1'), 'C41', 'padel')$$) ->> 'code',
  'invalid_input', 'the 41st court is refused');
select isnt(to_json(api.create_court((select max(id) from data.venue where owner_id = 'e0000000-0000-0000-0000-0000000000f1'),
  'Other', 'padel')) ->> 'court_id', null, 'another venue of the owner still gets courts');
reset role;

select test.act_as('admin', 'e0000000-0000-0000-0000-0000000000f2');
select isnt(to_json(api.create_venue('V21', 'A', 'C', 40.4, -3.7, 'Europe/Madrid', owner_id => 'e0000000-0000-0000-0000-0000000000f1'))
  ->> 'venue_id', null, 'an admin may create a 21st venue for the owner');
reset role;

select is(array(select r.rolname::text from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
                where s.setdatabase = 0 and 'statement_timeout=5s' = any(s.setconfig) order by 1),
  '{admin,anon,owner,player}'::text[], 'statement_timeout 5s on anon, player, owner, admin');
select is(array(select r.rolname::text from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
                where r.rolname in ('authenticator', 'webhook_service', 'worker_service', 'postgres')
                  and exists (select from unnest(s.setconfig) c where c like 'statement_timeout=%')),
  '{}'::text[], 'no statement_timeout on the authenticator, the service roles or the superuser');
select is((select count(*)::int from pg_trigger where tgname = 'owner_quotas'), 2, 'the quota triggers are in place');

-- generate_slots: at most 50,000 slots per call, the venue form counting all courts.
-- The 40 courts of the first venue open 06:00-23:00 in 15-minute slots every day:
-- 68 slots a day each, 2,720 for the venue.
insert into data.availability_rule (court_id, weekday, opens, closes, slot_minutes, price_cents)
select q.court_id, w, '06:00', '23:00', 15, 1000 from qv q, generate_series(1, 7) w;
select test.act_as('owner', 'e0000000-0000-0000-0000-0000000000f1');
select is(test.api_error($$select api.generate_slots(venue_id => (select min(id) from data.venue
    where owner_id = 'e0000000-0000-0000-0000-0000000000f1'), days => 19)$$) ->> 'code',
  'invalid_input', 'the venue form over 19 days (51,680 slots of 40 courts) is refused');
select is((select count(*)::int from data.slot s join qv on qv.court_id = s.court_id), 0,
  'and nothing was generated');
select is((to_json(api.generate_slots(court_id => (select min(court_id) from qv), days => 2)) ->> 'created')::int > 0, true,
  'one court over 2 days is generated');
select is(test.api_error($$select api.generate_slots(court_id => (select min(court_id) from qv), days => 400)$$),
  null, 'one court over 400 days (27,200 slots at most) fits');
reset role;

select * from finish();
rollback;
