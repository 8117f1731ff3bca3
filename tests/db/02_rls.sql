-- The RLS matrix: anon, two players, two owners and an admin; who reads and
-- writes which rows. Each role is switched to exactly as PostgREST does.
begin;
select plan(35);

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-00000000000a', 'o1@rls.test', 'x', 'Owner One', 'owner'),
  ('00000000-0000-0000-0000-00000000000b', 'o2@rls.test', 'x', 'Owner Two', 'owner'),
  ('00000000-0000-0000-0000-00000000001a', 'p1@rls.test', 'x', 'Player One', 'player'),
  ('00000000-0000-0000-0000-00000000001b', 'p2@rls.test', 'x', 'Player Two', 'player'),
  ('00000000-0000-0000-0000-00000000002a', 'ad@rls.test', 'x', 'Admin', 'admin');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency, stripe_account_id)
  overriding system value values
  (8001, '00000000-0000-0000-0000-00000000000a', 'V1', 'A', 'Madrid', 40.4, -3.7, 'Europe/Madrid', 'EUR', 'acct_1'),
  (8002, '00000000-0000-0000-0000-00000000000b', 'V2', 'B', 'New York', 40.7, -74.0, 'America/New_York', 'USD', 'acct_2');
insert into data.court (id, venue_id, name, sport) overriding system value values
  (8101, 8001, 'C1', 'padel'), (8102, 8002, 'C2', 'tennis');
insert into data.availability_rule (court_id, weekday, opens, closes, slot_minutes, price_cents) values
  (8101, 1, '08:00', '22:00', 60, 1000), (8102, 1, '08:00', '22:00', 60, 1000);
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value values
  (8201, 8101, '2030-01-01 10:00Z', '2030-01-01 11:00Z', 1000),
  (8202, 8102, '2030-01-01 10:00Z', '2030-01-01 11:00Z', 1000);
-- p1 booked at V1, p2 at V2
insert into data.booking (id, player_id, venue_id, amount_cents, currency, held_until) overriding system value values
  (8301, '00000000-0000-0000-0000-00000000001a', 8001, 1000, 'EUR', now() + interval '5 min'),
  (8302, '00000000-0000-0000-0000-00000000001b', 8002, 1000, 'USD', now() + interval '5 min');
insert into data.booking_slot (booking_id, slot_id, price_cents) values (8301, 8201, 1000), (8302, 8202, 1000);
insert into data.payment (booking_id, stripe_payment_intent_id, amount_cents, currency) values
  (8301, 'pi_rls_1', 1000, 'EUR'), (8302, 'pi_rls_2', 1000, 'USD');
insert into data.device (user_id, token, platform) values
  ('00000000-0000-0000-0000-00000000001a', 'tok-p1', 'ios'), ('00000000-0000-0000-0000-00000000001b', 'tok-p2', 'android');
insert into data.payout_report (venue_id, period_start, period_end, currency, bookings, gross_cents, fee_cents, refunded_cents, net_cents)
  values (8001, '2030-01-01', '2030-01-08', 'EUR', 1, 1000, 100, 0, 900), (8002, '2030-01-01', '2030-01-08', 'USD', 1, 1000, 100, 0, 900);
insert into data.stripe_event (id, type, livemode, stripe_created_at, payload) values ('evt_rls', 'x', false, now(), '{}');

-- anon
select test.act_as('anon');
select is((select count(*) from data.venue where id in (8001, 8002)), 2::bigint, 'anon reads venues');
select is((select count(*) from data.slot where id in (8201, 8202)), 2::bigint, 'anon reads slots');
select is((select count(*) from api.venues where id in (8001, 8002)), 2::bigint, 'anon reads api.venues');
select throws_ok('select count(*) from data.booking', '42501', null, 'anon cannot read bookings');
select throws_ok('select count(*) from data.app_user', '42501', null, 'anon cannot read users');
select throws_ok('select stripe_account_id from data.venue', '42501', null, 'anon cannot read Stripe accounts');
select throws_ok('select held_by from data.slot', '42501', null, 'anon cannot see who holds a slot');
reset role;

-- player one
select test.act_as('player', '00000000-0000-0000-0000-00000000001a');
select results_eq('select id from data.booking order by id', array[8301::bigint], 'a player reads only their own bookings');
select results_eq('select booking_id from data.booking_slot', array[8301::bigint], 'a player reads only their own booking slots');
select results_eq('select stripe_payment_intent_id from data.payment', array['pi_rls_1'], 'a player reads only their own payments');
select results_eq('select token from data.device', array['tok-p1'], 'a player reads only their own devices');
select results_eq('select email::text from data.app_user', array['p1@rls.test'], 'a player reads only themselves');
select is((select count(*) from data.booking_history where booking_id = 8302), 0::bigint, 'a player cannot read another player''s booking history');
select throws_ok('select count(*) from data.availability_rule', '42501', null, 'a player cannot read availability rules');
select throws_ok('select count(*) from data.payout_report', '42501', null, 'a player cannot read payout reports');
select throws_ok('select count(*) from data.stripe_event', '42501', null, 'a player cannot read Stripe events');
select throws_ok($$insert into data.booking (player_id, venue_id, amount_cents, currency, held_until) values ('00000000-0000-0000-0000-00000000001a', 8001, 1, 'EUR', now())$$,
  '42501', null, 'a player cannot insert a booking directly');
select throws_ok($$update data.slot set status = 'booked' where id = 8201$$, '42501', null, 'a player cannot update a slot directly');
reset role;

-- player two sees the mirror image
select test.act_as('player', '00000000-0000-0000-0000-00000000001b');
select results_eq('select id from data.booking order by id', array[8302::bigint], 'the other player reads only theirs');
reset role;

-- owner one
select test.act_as('owner', '00000000-0000-0000-0000-00000000000a');
select results_eq('select id from data.booking order by id', array[8301::bigint], 'an owner reads bookings at their venues only');
select results_eq('select stripe_payment_intent_id from data.payment', array['pi_rls_1'], 'an owner reads payments at their venues only');
select results_eq('select court_id from data.availability_rule', array[8101::bigint], 'an owner reads the rules of their courts only');
select results_eq('select venue_id from data.payout_report', array[8001::bigint], 'an owner reads their payout reports only');
select results_eq('select email::text from data.app_user order by email',
  array['o1@rls.test', 'p1@rls.test'], 'an owner reads themselves and the players who booked with them');
select is((select count(*) from data.device), 0::bigint, 'an owner cannot read players'' devices');
select throws_ok($$update data.venue set name = 'mine now' where id = 8002$$, '42501', null, 'an owner cannot update a venue directly');
select throws_ok('select count(*) from data.stripe_event', '42501', null, 'an owner cannot read Stripe events');
reset role;

-- owner two
select test.act_as('owner', '00000000-0000-0000-0000-00000000000b');
select results_eq('select id from data.booking order by id', array[8302::bigint], 'the other owner reads only theirs');
select results_eq('select court_id from data.availability_rule', array[8102::bigint], 'the other owner reads only their rules');
reset role;

-- admin
select test.act_as('admin', '00000000-0000-0000-0000-00000000002a');
select results_eq('select id from data.booking where id in (8301, 8302) order by id', array[8301::bigint, 8302::bigint], 'an admin reads every booking');
select is((select count(*) from data.payment where booking_id in (8301, 8302)), 2::bigint, 'an admin reads every payment');
select is((select count(*) from data.stripe_event where id = 'evt_rls'), 1::bigint, 'an admin reads Stripe events');
select is((select count(*) from data.app_user where email::text like '%@rls.test'), 5::bigint, 'an admin reads every user');
select throws_ok('select password_hash from data.app_user', '42501', null, 'not even an admin reads password hashes');
select throws_ok($$delete from data.booking where id = 8301$$, '42501', null, 'an admin cannot delete bookings directly');
reset role;

select * from finish();
rollback;
