-- Every rule a constraint can hold is tried and seen to refuse, as superuser,
-- bypassing the API: the database itself is the last line.
begin;
select plan(27);

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000000a1', 'owner-c@example.test', 'x', 'Owner', 'owner'),
  ('00000000-0000-0000-0000-0000000000b1', 'player-c@example.test', 'x', 'Player', 'player');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency)
  overriding system value
  values (9001, '00000000-0000-0000-0000-0000000000a1', 'V', 'A', 'C', 40.4, -3.7, 'Europe/Madrid', 'EUR');
insert into data.court (id, venue_id, name, sport) overriding system value values (9101, 9001, 'Court 1', 'padel');
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value values
  (9201, 9101, '2030-01-01 10:00Z', '2030-01-01 11:00Z', 2000),
  (9202, 9101, '2030-01-01 11:00Z', '2030-01-01 12:00Z', 2000);
insert into data.booking (id, player_id, venue_id, amount_cents, currency, held_until) overriding system value values
  (9301, '00000000-0000-0000-0000-0000000000b1', 9001, 2000, 'EUR', now() + interval '5 minutes'),
  (9302, '00000000-0000-0000-0000-0000000000b1', 9001, 2000, 'EUR', now() + interval '5 minutes');

-- invariant 1: one active booking per slot
insert into data.booking_slot (booking_id, slot_id, price_cents) values (9301, 9201, 2000);
select throws_ok($$insert into data.booking_slot (booking_id, slot_id, price_cents) values (9302, 9201, 2000)$$,
  '23505', null, 'a second active booking of a slot is refused');
update data.booking_slot set active = false where booking_id = 9301;
select lives_ok($$insert into data.booking_slot (booking_id, slot_id, price_cents) values (9302, 9201, 2000)$$,
  'a cancelled (inactive) booking never blocks a slot');
select throws_ok($$update data.booking_slot set active = true where booking_id = 9301$$,
  '23505', null, 're-activating the old booking of a taken slot is refused');

-- invariant 2: no overlapping slots of one court
select throws_ok($$insert into data.slot (court_id, start_at, end_at, price_cents) values (9101, '2030-01-01 10:30Z', '2030-01-01 11:30Z', 2000)$$,
  '23P01', null, 'an overlapping slot of the same court is refused');
select throws_ok($$insert into data.slot (court_id, start_at, end_at, price_cents) values (9101, '2030-01-01 10:00Z', '2030-01-01 11:00Z', 2000)$$,
  '23P01', null, 'the same slot twice is refused');
select lives_ok($$insert into data.slot (court_id, start_at, end_at, price_cents) values (9101, '2030-01-01 12:00Z', '2030-01-01 13:00Z', 2000)$$,
  'back-to-back slots are fine');

-- slots
select throws_ok($$insert into data.slot (court_id, start_at, end_at, price_cents) values (9101, '2030-02-01 11:00Z', '2030-02-01 10:00Z', 2000)$$,
  '23514', null, 'a slot ends after it starts');
select throws_ok($$insert into data.slot (court_id, start_at, end_at, price_cents) values (9101, '2030-02-01 10:00Z', '2030-02-01 11:00Z', 0)$$,
  '23514', null, 'a slot price is positive');
select throws_ok($$update data.slot set status = 'held' where id = 9202$$,
  '23514', null, 'a held slot says until when and by whom');
select throws_ok($$update data.slot set held_until = now() where id = 9202$$,
  '23514', null, 'only a held slot has held_until');
select throws_ok($$update data.slot set status = 'gone' where id = 9202$$,
  '22P02', null, 'slot status is an enum');

-- venues
select throws_ok($$update data.venue set timezone = 'Mars/Olympus' where id = 9001$$, '23514', null, 'a venue time zone is a valid IANA zone');
select throws_ok($$update data.venue set currency = 'eur' where id = 9001$$, '23514', null, 'a currency is an ISO code');
select throws_ok($$update data.venue set commission_bps = 10001 where id = 9001$$, '23514', null, 'commission is at most 10000 bps');
select throws_ok($$update data.venue set commission_bps = -1 where id = 9001$$, '23514', null, 'commission is not negative');
select throws_ok($$update data.venue set lat = 91 where id = 9001$$, '23514', null, 'latitude is within -90..90');

-- platform settings
select throws_ok($$update data.platform_settings set hold_minutes = 4$$, '23514', null, 'hold minutes at least 5');
select throws_ok($$update data.platform_settings set hold_minutes = 9$$, '23514', null, 'hold minutes at most 8');
select throws_ok($$insert into data.platform_settings (singleton) values (false)$$, '23514', null, 'platform settings are one row');

-- availability rules
select throws_ok($$insert into data.availability_rule (court_id, weekday, opens, closes, slot_minutes, price_cents) values (9101, 8, '08:00', '22:00', 60, 1000)$$,
  '23514', null, 'weekday is ISO 1..7');
select throws_ok($$insert into data.availability_rule (court_id, weekday, opens, closes, slot_minutes, price_cents) values (9101, 1, '08:00', '08:00', 60, 1000)$$,
  '23514', null, 'a rule opens and closes at different times');
select lives_ok($$insert into data.availability_rule (court_id, weekday, opens, closes, slot_minutes, price_cents) values (9101, 5, '18:00', '01:00', 60, 1000)$$,
  'a rule may close past midnight');

-- bookings, payments, users
select throws_ok($$insert into data.booking (player_id, venue_id, amount_cents, currency) values ('00000000-0000-0000-0000-0000000000b1', 9001, 2000, 'EUR')$$,
  '23514', null, 'a pending booking has held_until');
select throws_ok($$update data.booking set status = 'confirmed' where id = 9302$$, '23514', null, 'a confirmed booking has confirmed_at');
select throws_ok($$insert into data.payment (booking_id, stripe_payment_intent_id, amount_cents, currency, application_fee_cents) values (9301, 'pi_1', 1000, 'EUR', 2000)$$,
  '23514', null, 'the platform fee never exceeds the amount');
select throws_ok($$insert into data.app_user (email, password_hash, full_name) values ('OWNER-C@example.test', 'x', 'Dup')$$,
  '23505', null, 'emails are unique case-insensitively');
select throws_ok($$insert into data.app_user (email, password_hash, full_name) values ('not-an-email', 'x', 'Bad')$$,
  '23514', null, 'an email looks like one');

select * from finish();
rollback;
