-- Paying as Stripe really behaves (issue 14): a declined card keeps the booking
-- and its hold, the player retries on the same PaymentIntent; 3-D Secure and
-- processing keep the hold; a pending booking that ends has its PaymentIntent
-- cancelled by the worker; a lapsed hold whose slot has started is never held
-- again nor confirmed (issue 16); one slot lock-and-count (issue 13).
begin;
select plan(37);

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000023a1', 'o@retry.test', 'x', 'Owner', 'owner'),
  ('00000000-0000-0000-0000-0000000023b1', 'p@retry.test', 'x', 'Player', 'player'),
  ('00000000-0000-0000-0000-0000000023b2', 'q@retry.test', 'x', 'Other', 'player');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency)
  overriding system value values (2301, '00000000-0000-0000-0000-0000000023a1', 'V', 'A', 'C', 40.4, -3.7, 'Europe/Madrid', 'EUR');
insert into data.court (id, venue_id, name, sport) overriding system value values (2311, 2301, 'C', 'padel');
-- 2321: a live hold (decline → retry); 2322: 3-D Secure; 2323: released;
-- 2324: lapsed, started; 2325: lapsed, started, paid anyway; 2326: canceled at Stripe.
insert into data.slot (id, court_id, start_at, end_at, price_cents, status, held_until, held_by)
  overriding system value values
  (2321, 2311, now() + interval '3 days', now() + interval '3 days 1 hour', 2000, 'held', now() + interval '5 minutes', '00000000-0000-0000-0000-0000000023b1'),
  (2322, 2311, now() + interval '4 days', now() + interval '4 days 1 hour', 2000, 'held', now() + interval '5 minutes', '00000000-0000-0000-0000-0000000023b1'),
  (2323, 2311, now() + interval '5 days', now() + interval '5 days 1 hour', 2000, 'held', now() + interval '5 minutes', '00000000-0000-0000-0000-0000000023b1'),
  (2324, 2311, now() - interval '10 minutes', now() + interval '50 minutes', 2000, 'held', now() - interval '20 minutes', '00000000-0000-0000-0000-0000000023b1'),
  (2325, 2311, now() - interval '2 hours', now() - interval '1 hour', 2000, 'held', now() - interval '3 hours', '00000000-0000-0000-0000-0000000023b1'),
  (2326, 2311, now() + interval '6 days', now() + interval '6 days 1 hour', 2000, 'held', now() + interval '5 minutes', '00000000-0000-0000-0000-0000000023b1');
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency, held_until)
  overriding system value values
  (2331, '00000000-0000-0000-0000-0000000023b1', 2301, 'pending', 2000, 'EUR', now() + interval '5 minutes'),
  (2332, '00000000-0000-0000-0000-0000000023b1', 2301, 'pending', 2000, 'EUR', now() + interval '5 minutes'),
  (2333, '00000000-0000-0000-0000-0000000023b1', 2301, 'pending', 2000, 'EUR', now() + interval '5 minutes'),
  (2334, '00000000-0000-0000-0000-0000000023b1', 2301, 'pending', 2000, 'EUR', now() - interval '20 minutes'),
  (2335, '00000000-0000-0000-0000-0000000023b1', 2301, 'pending', 2000, 'EUR', now() - interval '3 hours'),
  (2336, '00000000-0000-0000-0000-0000000023b1', 2301, 'pending', 2000, 'EUR', now() + interval '5 minutes');
insert into data.booking_slot (booking_id, slot_id, price_cents) values
  (2331, 2321, 2000), (2332, 2322, 2000), (2333, 2323, 2000), (2334, 2324, 2000), (2335, 2325, 2000), (2336, 2326, 2000);
select internal.record_payment_intent(b, 'pi_retry_' || b, 2000, 'EUR', 0, null, false)
from unnest(array[2331, 2332, 2333, 2334, 2335, 2336]) b;

-- A Stripe event as the webhook service stores it (payload shape of Stripe's Event object).
create function pg_temp.deliver(evt text, type text, obj jsonb, at timestamptz default now()) returns text
language sql as $$
  select internal.store_stripe_event(evt, type, false, at, null,
           jsonb_build_object('id', evt, 'type', type, 'livemode', false,
                              'created', extract(epoch from at)::bigint, 'data', jsonb_build_object('object', obj)));
  select internal.apply_stripe_event(evt, false);
$$;
create function pg_temp.declined(pi text, message text) returns jsonb language sql as $$
  select jsonb_build_object('id', pi, 'object', 'payment_intent', 'status', 'requires_payment_method',
    'amount', 2000, 'currency', 'eur',
    'last_payment_error', jsonb_build_object('type', 'card_error', 'code', 'card_declined', 'message', message))
$$;
create function pg_temp.succeeded(pi text) returns jsonb language sql as $$
  select jsonb_build_object('id', pi, 'object', 'payment_intent', 'status', 'succeeded',
    'amount', 2000, 'amount_received', 2000, 'currency', 'eur')
$$;

-- 1. A declined card: the booking stays pending, its hold unchanged.
create temp table before as select held_until from data.booking where id = 2331;
select is(pg_temp.deliver('evt_retry_1', 'payment_intent.payment_failed',
            pg_temp.declined('pi_retry_2331', 'Your card was declined.'), now() - interval '2 seconds'),
  'payment_failed', 'a decline is recorded, not a cancellation');
select results_eq($$select b.status::text, s.status::text from data.booking b join data.booking_slot bs on bs.booking_id = b.id
                    join data.slot s on s.id = bs.slot_id where b.id = 2331$$,
  $$values ('pending', 'held')$$, 'the booking stays pending and its slot held');
select is((select held_until from data.booking where id = 2331), (select held_until from before),
  'a decline does not extend the hold');
select results_eq($$select status::text, stripe_status, last_error from data.payment where booking_id = 2331$$,
  $$values ('requires_payment', 'requires_payment_method', 'Your card was declined.')$$,
  'the payment records Stripe''s state and message');
select is((select count(*)::int from data.notification where booking_id = 2331), 0, 'nobody is told the booking ended');
select is(data.has_live_payment(2331), true, 'the PaymentIntent is still live: the sweep asks Stripe before expiring');

-- The player sees it in GET /bookings, and POST /payments/intent gives the same PaymentIntent.
select test.act_as('player', '00000000-0000-0000-0000-0000000023b1');
select results_eq($$select status, payment_status, payment_error from api.bookings where id = 2331$$,
  $$values ('pending'::text, 'requires_payment_method', 'Your card was declined.')$$,
  'GET /bookings: payment_status requires_payment_method and payment_error');
reset role;
set local role webhook_service;
select is(internal.payment_context(2331, '00000000-0000-0000-0000-0000000023b1') ->> 'payment_intent_id', 'pi_retry_2331',
  'POST /payments/intent again: the same PaymentIntent');
reset role;

-- A second decline with another message; an older event never overwrites a newer one.
select is(pg_temp.deliver('evt_retry_2', 'payment_intent.payment_failed',
            pg_temp.declined('pi_retry_2331', 'Your card has insufficient funds.'), now() - interval '1 second'),
  'payment_failed', 'a second decline');
select is(pg_temp.deliver('evt_retry_0', 'payment_intent.payment_failed',
            pg_temp.declined('pi_retry_2331', 'stale'), now() - interval '1 minute'),
  'ignored_stale', 'an older decline arriving late is ignored');
select is((select last_error from data.payment where booking_id = 2331), 'Your card has insufficient funds.',
  'the newest message stays');

-- The retry with another card succeeds: confirmed; a decline arriving after it changes nothing.
select is(pg_temp.deliver('evt_retry_3', 'payment_intent.succeeded', pg_temp.succeeded('pi_retry_2331')),
  'confirmed', 'the retry on the same PaymentIntent confirms the booking');
select is(pg_temp.deliver('evt_retry_4', 'payment_intent.payment_failed',
            pg_temp.declined('pi_retry_2331', 'late'), now() + interval '1 second'),
  'ignored_final', 'a decline after the success is ignored');
select test.act_as('player', '00000000-0000-0000-0000-0000000023b1');
select results_eq($$select status, payment_status, payment_error from api.bookings where id = 2331$$,
  $$values ('confirmed'::text, 'succeeded', null::text)$$,
  'GET /bookings: confirmed, succeeded, no error');
reset role;

-- 2. 3-D Secure and processing keep the hold.
select is(pg_temp.deliver('evt_retry_5', 'payment_intent.requires_action',
            jsonb_build_object('id', 'pi_retry_2332', 'object', 'payment_intent', 'status', 'requires_action')),
  'requires_action', '3-D Secure is recorded');
select test.act_as('player', '00000000-0000-0000-0000-0000000023b1');
select is((select payment_status from api.bookings where id = 2332), 'requires_action', 'GET /bookings: requires_action');
reset role;
select is(pg_temp.deliver('evt_retry_6', 'payment_intent.processing',
            jsonb_build_object('id', 'pi_retry_2332', 'object', 'payment_intent', 'status', 'processing')),
  'processing', 'processing is recorded');
select results_eq($$select b.status::text, p.status::text, p.stripe_status from data.booking b join data.payment p on p.booking_id = b.id where b.id = 2332$$,
  $$values ('pending', 'processing', 'processing')$$, 'the booking stays pending while processing');
select is(data.has_live_payment(2332), true, 'a processing payment is live');
select is(pg_temp.deliver('evt_retry_7', 'payment_intent.requires_action',
            jsonb_build_object('id', 'pi_unknown_23', 'object', 'payment_intent')),
  'waiting', 'an event for an unknown PaymentIntent waits');

-- 3. A pending booking that ends with a live PaymentIntent: the worker cancels it at Stripe.
select test.act_as('player', '00000000-0000-0000-0000-0000000023b1');
select lives_ok('select api.release_hold(2333)', 'the player releases the hold');
reset role;
select results_eq($$select task_name, queue_name, args from procrastinate.procrastinate_jobs
                    where task_name = 'cancel_payment_intent' and args ->> 'booking_id' = '2333'$$,
  $$values ('cancel_payment_intent'::varchar, 'payments'::varchar, '{"booking_id": 2333, "payment_intent_id": "pi_retry_2333"}'::jsonb)$$,
  'a cancel_payment_intent job is deferred in the same transaction');
select is((select count(*)::int from procrastinate.procrastinate_jobs
           where task_name = 'cancel_payment_intent' and args ->> 'booking_id' = '2331'), 0,
  'a confirmed booking gets none');
-- payment_intent.canceled (the worker's cancel, or the dashboard) ends a pending booking.
select is(pg_temp.deliver('evt_retry_8', 'payment_intent.canceled',
            jsonb_build_object('id', 'pi_retry_2336', 'object', 'payment_intent', 'status', 'canceled',
                               'cancellation_reason', 'abandoned')),
  'cancelled', 'payment_intent.canceled cancels the pending booking');
select results_eq($$select b.status::text, s.status::text, p.status::text from data.booking b
                    join data.booking_slot bs on bs.booking_id = b.id join data.slot s on s.id = bs.slot_id
                    join data.payment p on p.booking_id = b.id where b.id = 2336$$,
  $$values ('cancelled', 'available', 'canceled')$$, 'its slot is free again, the payment canceled');
select is((select count(*)::int from procrastinate.procrastinate_jobs
           where task_name = 'cancel_payment_intent' and args ->> 'booking_id' = '2336'), 0,
  'a PaymentIntent already canceled is not cancelled again');
select is(pg_temp.deliver('evt_retry_9', 'payment_intent.payment_failed',
            pg_temp.declined('pi_retry_2336', 'after cancel')),
  'ignored_final', 'a decline after the cancellation is ignored');

-- 4. A lapsed hold whose slot has started (issue 16).
select is(data.lock_booking_slots(2334), 0, 'the helper: the slot is still the booking''s');
select is(data.lock_booking_slots(2334, count_started => true), 1, 'the helper: but it has started');
set local role webhook_service;
select is(test.api_error($$select internal.payment_context(2334, '00000000-0000-0000-0000-0000000023b1')$$) ->> 'code',
  'hold_expired', 'payment_context never re-holds a slot that has started');
reset role;
select is((select held_until < now() from data.booking where id = 2334), true, 'the hold is not extended');
select is(pg_temp.deliver('evt_retry_10', 'payment_intent.succeeded', pg_temp.succeeded('pi_retry_2335')),
  'refund_queued', 'a payment that succeeds for a lapsed booking whose slot started is refunded');
select results_eq($$select b.status::text, r.amount_cents, r.status::text from data.booking b join data.refund r on r.booking_id = b.id where b.id = 2335$$,
  $$values ('cancelled', 2000, 'pending')$$, 'cancelled, refunded in full (the worker carries it out)');
select is((select count(*)::int from data.notification where booking_id = 2335 and kind = 'payment_refunded_slot_taken'), 2,
  'the player and the owner are told');

-- Bad input gets a stable code.
select is(test.api_error($$select internal.record_payment_attempt('pi_retry_2332', 'succeeded')$$) ->> 'code',
  'invalid_input', 'record_payment_attempt takes only open states');
select is(internal.record_payment_attempt('pi_nope', 'processing'), 'unknown_payment', 'an unknown PaymentIntent');
select is(has_function_privilege('player', 'internal.record_payment_attempt(text, text, text, timestamptz)', 'execute'), false,
  'players cannot call it');

select * from finish();
rollback;
