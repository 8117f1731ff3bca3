-- Who sees what through the engine's views (two owners, two players, anon, an
-- admin), and exactly which roles may call each engine function.
begin;
select plan(36);
\ir ../engine/fixtures/engine_fixture.sql

insert into data.availability_rule (court_id, weekday, opens, closes, slot_minutes, price_cents) values
  (10101, 1, '08:00', '22:00', 60, 1000), (10201, 1, '08:00', '22:00', 60, 1000);
select test.act_as('player', :'p1');
select api.hold_slots(array[11001]::bigint[]);
reset role;
select test.act_as('player', :'p2');
select api.hold_slots(array[12001]::bigint[]);
select api.hold_slots(array[11002]::bigint[]);
reset role;
insert into data.payout_report (venue_id, period_start, period_end, currency, bookings, gross_cents, fee_cents, refunded_cents, net_cents)
  values (10001, '2030-01-01', '2030-01-08', 'EUR', 1, 1000, 100, 0, 900), (10002, '2030-01-01', '2030-01-08', 'USD', 1, 1000, 100, 0, 900);
insert into data.reconciliation_case (kind, stripe_payment_intent_id, detail) values ('unknown_payment', 'pi_rls_engine', 'x');

-- bookings: one's own
select test.act_as('player', :'p1');
select is((select count(*) from api.bookings), 1::bigint, 'p1: own bookings');
reset role;
select test.act_as('player', :'p2');
select is((select count(*) from api.bookings), 2::bigint, 'p2: own bookings');
select is(pg_temp.err('select * from api.venue_bookings'), 'sqlstate 42501', 'players cannot read venue_bookings');
select is(pg_temp.err('select * from api.my_venues'), 'sqlstate 42501', 'nor my_venues');
select is(pg_temp.err('select * from api.court_slots'), 'sqlstate 42501', 'nor court_slots');
select is(pg_temp.err('select * from api.availability_rules'), 'sqlstate 42501', 'nor availability_rules');
select is(pg_temp.err('select * from api.payout_reports'), 'sqlstate 42501', 'nor payout_reports');
select is(pg_temp.err('select * from api.reconciliation_cases'), 'sqlstate 42501', 'nor reconciliation_cases');
reset role;
select test.act_as('anon');
select is(pg_temp.err('select * from api.bookings'), 'sqlstate 42501', 'anon cannot read bookings (401)');
select is(pg_temp.err('select * from api.venue_bookings'), 'sqlstate 42501', 'nor venue_bookings');
select is((select hold_minutes from api.platform_settings), 5, 'anon reads platform_settings');
reset role;

-- owners: their venues only
select test.act_as('owner', :'o1');
select is((select array_agg(distinct venue_id) from api.venue_bookings), array[10001::bigint], 'o1: bookings at their venue only');
select is((select count(*) from api.venue_bookings), 2::bigint, 'both of them');
select is((select player_name from api.venue_bookings where player_id = :'p2'), 'Player Two', 'with the player''s name');
select is((select array_agg(id) from api.my_venues), array[10001::bigint], 'o1: my_venues');
select is((select effective_commission_bps from api.my_venues), 1000, 'effective commission: the platform default');
select is((select array_agg(distinct court_id) from api.availability_rules), array[10101::bigint], 'o1: their rules');
select is((select count(distinct venue_id) || ' ' || count(*) from api.court_slots), '1 16', 'o1: every slot of their courts');
select is((select booking_id is not null from api.court_slots where id = 11001), true, 'court_slots shows the active booking');
select is((select status::text from api.court_slots where id = 11001), 'held', 'and any status');
select is((select array_agg(venue_id) from api.payout_reports), array[10001::bigint], 'o1: their payout reports');
select is(pg_temp.err('select * from api.reconciliation_cases'), 'sqlstate 42501', 'owners cannot read reconciliation cases');
reset role;
select test.act_as('owner', :'o2');
select is((select array_agg(distinct venue_id) from api.venue_bookings), array[10002::bigint], 'o2: their venue only');
select is((select array_agg(id) from api.my_venues), array[10002::bigint], 'o2: my_venues');
select is((select count(*) from api.court_slots where venue_id = 10001), 0::bigint, 'o2 sees none of o1''s slots');
select is((select count(*) from api.availability_rules where court_id = 10101), 0::bigint, 'nor o1''s rules');
reset role;

-- admin: everything
select test.act_as('admin', :'ad');
select is((select count(distinct venue_id) from api.venue_bookings where venue_id in (10001, 10002)), 2::bigint, 'admin: all venue bookings');
select is((select count(*) from api.my_venues where id in (10001, 10002)), 2::bigint, 'admin: all venues');
select is((select count(*) from api.court_slots where venue_id in (10001, 10002)), 21::bigint, 'admin: all slots');
select is((select count(*) from api.payout_reports where venue_id in (10001, 10002)), 2::bigint, 'admin: all payout reports');
select is((select count(*) from api.reconciliation_cases where stripe_payment_intent_id = 'pi_rls_engine'), 1::bigint,
  'admin: reconciliation cases');
reset role;

-- exactly the roles that may call each engine function
create temp table expected_grants (fn text, roles text[]);
insert into expected_grants values
  ('api.hold_slots(bigint[],text)', '{player}'),
  ('api.release_hold(bigint)', '{player}'),
  ('api.cancel_booking(bigint,text)', '{player}'),
  ('api.register_device(text,text)', '{admin,owner,player}'),
  ('api.available_slots(bigint,bigint,timestamptz,timestamptz,text)', '{admin,anon,owner,player}'),
  ('api.nearby_venues(double precision,double precision,double precision,text)', '{admin,anon,owner,player}'),
  ('api.search_slots(double precision,double precision,double precision,timestamptz,timestamptz,text,integer,boolean,integer)', '{admin,anon,owner,player}'),
  ('api.create_venue(text,text,text,double precision,double precision,text,text,integer,uuid,text,text,text[],text[])', '{admin,owner}'),
  ('api.update_venue(bigint,text,text,text,double precision,double precision,text,text,integer,text,text,text[],text[])', '{admin,owner}'),
  ('api.create_court(bigint,text,text,text,boolean)', '{admin,owner}'),
  ('api.update_court(bigint,text,text,text,boolean)', '{admin,owner}'),
  ('api.set_availability(bigint,json)', '{admin,owner}'),
  ('api.generate_slots(bigint,bigint,date,integer)', '{admin,owner}'),
  ('api.block_slots(bigint[],bigint,timestamptz,timestamptz,text)', '{admin,owner}'),
  ('api.unblock_slots(bigint[],bigint,timestamptz,timestamptz)', '{admin,owner}'),
  ('api.owner_cancel_booking(bigint,text)', '{admin,owner}'),
  ('api.venue_report(bigint,timestamptz,timestamptz)', '{admin,owner}'),
  ('api.set_commission(bigint,integer)', '{admin}'),
  ('api.set_platform_settings(integer,integer,integer,integer,integer,boolean,integer,integer)', '{admin}'),
  ('internal.payment_context(bigint,uuid)', '{webhook_service}'),
  -- the worker's change worker/engine_grants adds worker_service (reconciliation)
  ('internal.record_payment_intent(bigint,text,integer,text,integer,text,boolean)', '{webhook_service,worker_service}'),
  ('internal.set_stripe_customer(uuid,text)', '{webhook_service}'),
  ('internal.confirm_booking_from_payment(text,integer,text)', '{webhook_service,worker_service}'),
  ('internal.fail_booking_from_payment(text,data.payment_status,text)', '{webhook_service,worker_service}'),
  ('internal.expire_holds(integer)', '{worker_service}'),
  ('internal.expire_hold(bigint)', '{worker_service}'),
  ('internal.lapsed_holds_with_payment(integer, bigint)', '{worker_service}'),
  ('internal.release_orphaned_holds(integer)', '{worker_service}'),
  ('internal.generate_slots_for_horizon(integer)', '{worker_service}'),
  ('internal.confirmed_bookings_without_payment()', '{worker_service}');
select is(
  (select array_agg(e.fn order by e.fn) from expected_grants e
   where e.roles is distinct from (
     select array_agg(r order by r) from unnest(array['anon', 'player', 'owner', 'admin', 'webhook_service', 'worker_service']) r
     where has_function_privilege(r, e.fn::regprocedure, 'execute'))),
  null, 'every engine function is executable by exactly its roles');
select is(
  (select array_agg(p.oid::regprocedure::text) from pg_proc p
   where p.pronamespace in ('api'::regnamespace, 'internal'::regnamespace) and p.prosecdef
     and not ('search_path=pg_catalog, public' = any(p.proconfig) or 'search_path=pg_catalog' = any(p.proconfig))
     and p.oid in (select e.fn::regprocedure from expected_grants e)),
  null, 'every engine SECURITY DEFINER function pins search_path to pg_catalog, public');
select is(
  (select array_agg(e.fn) from expected_grants e where obj_description(e.fn::regprocedure, 'pg_proc') is null),
  null, 'every engine function has a comment');
select is(
  (select array_agg(c.relname::text) from pg_class c
   where c.relnamespace = 'api'::regnamespace and c.relkind = 'v' and obj_description(c.oid, 'pg_class') is null),
  null, 'every api view has a comment');
select is(
  (select array_agg(p.oid::regprocedure::text) from pg_proc p
   where p.pronamespace = 'data'::regnamespace
     and (has_function_privilege('player', p.oid, 'execute') or has_function_privilege('anon', p.oid, 'execute'))
     and p.proname in ('close_booking', 'queue_refund', 'generate_court_slots', 'cancel_booking_as', 'staff_slot_selection',
                       'expire_locked_booking', 'notify')),
  null, 'the engine''s data helpers are callable by no API role');

select * from finish();
rollback;
