-- A paid booking's PaymentIntent is never replaced, and a slot left held for a
-- closed booking is freed by the worker's sweep.
begin;
select plan(7);

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000021a1', 'o@guards.test', 'x', 'Owner', 'owner'),
  ('00000000-0000-0000-0000-0000000021b1', 'p@guards.test', 'x', 'Player', 'player');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency)
  overriding system value values (2101, '00000000-0000-0000-0000-0000000021a1', 'V', 'A', 'C', 40.4, -3.7, 'Europe/Madrid', 'EUR');
insert into data.court (id, venue_id, name, sport) overriding system value values (2111, 2101, 'C', 'padel');
insert into data.slot (id, court_id, start_at, end_at, price_cents, status, held_until, held_by)
  overriding system value values
  (2121, 2111, now() + interval '3 days', now() + interval '3 days 1 hour', 2000, 'held', now() - interval '1 minute', '00000000-0000-0000-0000-0000000021b1'),
  (2122, 2111, now() + interval '4 days', now() + interval '4 days 1 hour', 2000, 'held', now() - interval '1 minute', '00000000-0000-0000-0000-0000000021b1');
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency, held_until)
  overriding system value values
  (2131, '00000000-0000-0000-0000-0000000021b1', 2101, 'pending', 2000, 'EUR', now() - interval '1 minute'),
  (2132, '00000000-0000-0000-0000-0000000021b1', 2101, 'pending', 2000, 'EUR', now() - interval '1 minute');
insert into data.booking_slot (booking_id, slot_id, price_cents) values (2131, 2121, 2000), (2132, 2122, 2000);

-- record_payment_intent: idempotent for the same PaymentIntent, never replaces a paid one.
select lives_ok($$select internal.record_payment_intent(2131, 'pi_guard_1', 2000, 'eur', 0, null, false)$$,
  'a PaymentIntent is recorded');
update data.payment set status = 'succeeded' where stripe_payment_intent_id = 'pi_guard_1';
select lives_ok($$select internal.record_payment_intent(2131, 'pi_guard_1', 2000, 'EUR', 0, null, false)$$,
  'recording the same one again is harmless');
select is(test.api_error($$select internal.record_payment_intent(2131, 'pi_guard_2', 2000, 'EUR', 0, null, false)$$) ->> 'code',
  'payment_exists', 'a paid booking''s PaymentIntent is never replaced');
select results_eq($$select stripe_payment_intent_id, status::text from data.payment where booking_id = 2131$$,
  $$values ('pi_guard_1', 'succeeded')$$, 'the paid PaymentIntent and its status stay');

-- The sweep: booking 2132 was closed while its slot stayed held (a lazy expiry that skipped a locked slot).
update data.booking set status = 'cancelled', cancelled_at = now() where id = 2132;
select is(internal.release_orphaned_holds(), 1, 'one orphaned slot is freed');
select results_eq($$select id, status::text from data.slot where id in (2121, 2122) order by id$$,
  $$values (2121::bigint, 'held'), (2122::bigint, 'available')$$,
  'the slot of a pending booking stays held; the orphan is available');
select is((select count(*) from data.booking_slot where booking_id = 2132 and active), 0::bigint,
  'and no longer counts as the closed booking''s');

select * from finish();
rollback;
