-- A player sees what they get back on their own bookings: refunds pending until
-- the worker has carried them out, then counted in refunded_cents.
begin;
select plan(5);

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000004a1', 'o@refunds.test', 'x', 'Owner', 'owner'),
  ('00000000-0000-0000-0000-0000000004b1', 'p1@refunds.test', 'x', 'P1', 'player'),
  ('00000000-0000-0000-0000-0000000004b2', 'p2@refunds.test', 'x', 'P2', 'player');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency)
  overriding system value values (7401, '00000000-0000-0000-0000-0000000004a1', 'V', 'A', 'C', 40.4, -3.7, 'Europe/Madrid', 'EUR');
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency, held_until, cancelled_at)
  overriding system value values
  (7411, '00000000-0000-0000-0000-0000000004b1', 7401, 'cancelled', 3000, 'EUR', now(), now());
insert into data.payment (id, booking_id, stripe_payment_intent_id, amount_cents, currency, status)
  overriding system value values (7421, 7411, 'pi_refunds_1', 3000, 'EUR', 'succeeded');
insert into data.refund (payment_id, booking_id, amount_cents, currency, reason, status) values
  (7421, 7411, 1000, 'EUR', 'partial, done', 'succeeded'),
  (7421, 7411, 2000, 'EUR', 'rest, pending', 'pending');

select test.act_as('player', '00000000-0000-0000-0000-0000000004b1');
select is((select refunded_cents from api.bookings where id = 7411), 1000, 'refunded_cents counts carried-out refunds only');
select is((select json_array_length(refunds) from api.bookings where id = 7411), 2, 'every refund is listed');
select is((select refunds -> 1 ->> 'status' from api.bookings where id = 7411), 'pending', 'a refund not yet carried out says pending');
select is((select refunds -> 0 ->> 'amount_cents' from api.bookings where id = 7411), '1000', 'with its amount');
reset role;

select test.act_as('player', '00000000-0000-0000-0000-0000000004b2');
select is((select count(*) from api.bookings where id = 7411), 0::bigint, 'another player sees none of it');
reset role;

select * from finish();
rollback;
