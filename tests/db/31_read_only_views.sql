-- Writes on API views never reach PostgreSQL's rewriter error (55000, a 500
-- through PostgREST): every api view is updatable (automatically or by the
-- refuse_writes trigger), so a write ends in the privilege check (42501 →
-- 401 anon / 403 logged in), and the trigger refuses even a role that holds
-- the privilege.
begin;
select plan(6);

select is(array(select c.relname::text from pg_class c
                where c.relnamespace = 'api'::regnamespace and c.relkind = 'v'
                  and pg_relation_is_updatable(c.oid, true) & 28 <> 28 order by 1),
          '{}'::text[], 'every api view takes INSERT, UPDATE and DELETE to the privilege check (no 55000)');

select test.act_as('anon');
select is(test.api_error($$update api.venue_bookings set id = id$$) ->> 'sqlstate', '42501', 'anon UPDATE venue_bookings: 42501');
select is(test.api_error($$delete from api.court_slots$$) ->> 'sqlstate', '42501', 'anon DELETE court_slots: 42501');
select is(test.api_error($$insert into api.payout_reports default values$$) ->> 'sqlstate', '42501', 'anon INSERT payout_reports: 42501');
reset role;
select test.act_as('owner', 'e0000000-0000-0000-0000-0000000000a1');
select is(test.api_error($$update api.availability_rules set weekday = 1$$) ->> 'sqlstate', '42501', 'owner UPDATE availability_rules: 42501');
reset role;

-- A role that does hold the privilege (here the superuser) is refused by the trigger itself.
insert into data.app_user (id, email, password_hash, full_name, role) values
  ('e0000000-0000-0000-0000-0000000000a1', 'o1@ro.test', 'x', 'Owner', 'owner');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone) overriding system value
  values (90001, 'e0000000-0000-0000-0000-0000000000a1', 'V', 'A', 'C', 40.4, -3.7, 'Europe/Madrid');
insert into data.court (id, venue_id, name, sport) overriding system value values (90101, 90001, 'C', 'padel');
insert into data.slot (court_id, start_at, end_at, price_cents) values (90101, now() + interval '1 day', now() + interval '1 day 1 hour', 1000);
select set_config('request.jwt.claims', '{"role":"admin","sub":"e0000000-0000-0000-0000-0000000000a1"}', true);
select is(test.api_error($$update api.court_slots set price_cents = 1$$) ->> 'message', 'permission denied for view court_slots',
  'a role holding UPDATE is refused by the trigger');

select * from finish();
rollback;
