-- Reconciliation looks for confirmed bookings whose Stripe payment is missing or
-- has not succeeded (internal.confirmed_bookings_without_payment, every sweep).
-- A walk-in booked at the desk is paid at the venue: it has no Stripe payment to
-- miss and must not become a reconciliation case (issue 22's audit: "bookings
-- confirmed without a succeeded payment (0)" counts online payments only).
begin;
select plan(3);
\ir ../engine/fixtures/engine_fixture.sql

select test.act_as('owner', :'o1');
insert into bk select 'walk', b.booking_id from api.owner_book(array[11001::bigint], 'Ana García') b;
reset role;
-- An online booking confirmed without a succeeded payment: a real candidate.
insert into data.booking (player_id, venue_id, status, amount_cents, currency, held_until, confirmed_at)
  values (:'p1', 10001, 'confirmed', 2000, 'EUR', now(), now());
insert into bk select 'online', currval(pg_get_serial_sequence('data.booking', 'id'));

select ok((select status = 'confirmed' and paid_at_venue from data.booking where id = (select id from bk where label = 'walk')),
  'the walk-in is confirmed and paid at the venue');
select ok(not exists (select from internal.confirmed_bookings_without_payment()
                      where booking_id = (select id from bk where label = 'walk')),
  'a walk-in paid at the venue is not a reconciliation candidate');
select ok(exists (select from internal.confirmed_bookings_without_payment()
                  where booking_id = (select id from bk where label = 'online')),
  'an online booking confirmed without a succeeded payment still is');

select * from finish();
rollback;
