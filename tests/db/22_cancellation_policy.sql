-- A booking keeps the cancellation policy of the day it was made: an owner who
-- lengthens the window afterwards cannot take a player's refund away.
begin;
select plan(6);

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000022a1', 'o@policy.test', 'x', 'Owner', 'owner'),
  ('00000000-0000-0000-0000-0000000022b1', 'p@policy.test', 'x', 'Player', 'player');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency, cancellation_window_minutes)
  overriding system value values (2201, '00000000-0000-0000-0000-0000000022a1', 'V', 'A', 'C', 40.4, -3.7, 'Europe/Madrid', 'EUR', 60);
insert into data.court (id, venue_id, name, sport) overriding system value values (2211, 2201, 'C', 'padel');
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value values
  (2221, 2211, date_trunc('minute', now()) + interval '3 days', date_trunc('minute', now()) + interval '3 days 1 hour', 2500);

select test.act_as('player', '00000000-0000-0000-0000-0000000022b1');
create temp table held as select to_json(api.hold_slots(array[2221::bigint])) as answer;
reset role;
select is((select cancellation_window_minutes::integer from data.booking where id = (select (answer ->> 'booking_id')::bigint from held)),
  60, 'the hold keeps the venue''s window of the day');

-- Paid through the webhook path, then the owner lengthens the window to 30 days.
select internal.record_payment_intent((select (answer ->> 'booking_id')::bigint from held), 'pi_policy_1', 2500, 'EUR', 0, null, false);
select is(internal.confirm_booking_from_payment('pi_policy_1', 2500, 'EUR'), 'confirmed', 'the booking is confirmed');
update data.venue set cancellation_window_minutes = 43200 where id = 2201;

select test.act_as('player', '00000000-0000-0000-0000-0000000022b1');
select is((select free_cancellation_until from api.bookings where id = (select (answer ->> 'booking_id')::bigint from held)),
  date_trunc('minute', now()) + interval '3 days' - interval '60 minutes',
  'the player sees until when a cancellation is refunded in full');
select is((select (to_json(api.cancel_booking((select (answer ->> 'booking_id')::bigint from held))) ->> 'refund_cents')::int),
  2500, 'cancelled three days ahead under a one-hour window: a full refund, whatever the venue says now');
reset role;
select is((select sum(amount_cents)::int from data.refund where booking_id = (select (answer ->> 'booking_id')::bigint from held)),
  2500, 'the refund is recorded for the worker');

-- A booking without a recorded window (made before it was recorded) follows the venue's current one.
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency, held_until, confirmed_at)
  overriding system value values (2231, '00000000-0000-0000-0000-0000000022b1', 2201, 'confirmed', 2500, 'EUR', now(), now());
insert into data.slot (id, court_id, start_at, end_at, price_cents, status) overriding system value values
  (2222, 2211, date_trunc('minute', now()) + interval '4 days', date_trunc('minute', now()) + interval '4 days 1 hour', 2500, 'booked');
insert into data.booking_slot (booking_id, slot_id, price_cents) values (2231, 2222, 2500);
select test.act_as('player', '00000000-0000-0000-0000-0000000022b1');
select is((select (to_json(api.cancel_booking(2231)) ->> 'refund_cents')::int), 0,
  'without a recorded window the venue''s current 30-day window applies: no refund four days ahead');
reset role;

select * from finish();
rollback;
