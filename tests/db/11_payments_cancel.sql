-- The payment side of a booking (internal functions for the webhook service and
-- the worker), cancellations and refunds, hold expiry.
begin;
select plan(70);
\ir ../engine/fixtures/engine_fixture.sql

insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value values
  (11011, 10101, date_trunc('hour', now()) + interval '2 hours', date_trunc('hour', now()) + interval '3 hours', 2000);

select test.act_as('player', :'p1');
insert into bk values ('a', (to_json(api.hold_slots(array[11001, 11002]::bigint[])) ->> 'booking_id')::bigint);
insert into bk values ('late', (to_json(api.hold_slots(array[11011]::bigint[])) ->> 'booking_id')::bigint);
reset role;

-- payment_context
select test.act_as('player', :'p1');
select is(pg_temp.err($$select internal.payment_context(1, null)$$), 'sqlstate 42501', 'players cannot call internal functions');
reset role;
set local role webhook_service;
select is(
  (select internal.payment_context((select id from bk where label = 'a'), :'p1')::jsonb
     - 'booking_id' - 'held_until' - 'player_id' - 'intent_idempotency_key'),
  '{"player_email": "p1@engine.test", "stripe_customer_id": null, "venue_id": 10001, "amount_cents": 4000,
    "currency": "EUR", "destination_account_id": null, "application_fee_cents": 0, "payment_intent_id": null}'::jsonb,
  'payment_context without Connect: no destination, no fee');
select is(pg_temp.err(format('select internal.payment_context(%s, %L)', (select id from bk where label = 'a'), :'p2')),
  'forbidden 403', 'another player''s booking is forbidden');
select is(pg_temp.err(format('select internal.payment_context(99999999, %L)', :'p1')), 'not_found 404', 'unknown booking');
select is(pg_temp.err('select internal.payment_context(null, null)'), 'invalid_input 400', 'nulls');
reset role;
update data.venue set stripe_account_id = 'acct_engine1', stripe_charges_enabled = true, commission_bps = 1250 where id = 10001;
set local role webhook_service;
select is(
  (select (j ->> 'destination_account_id') || ' ' || (j ->> 'application_fee_cents')
   from (select internal.payment_context((select id from bk where label = 'a'), :'p1')::jsonb as j) x),
  'acct_engine1 500', 'with charges enabled: destination and fee = amount × venue commission');
reset role;
update data.venue set commission_bps = null where id = 10001;
update data.platform_settings set default_commission_bps = 1000;
set local role webhook_service;
select is(
  (select (j ->> 'application_fee_cents') from (select internal.payment_context((select id from bk where label = 'a'), :'p1')::jsonb as j) x),
  '400', 'without a venue commission: the platform default');
reset role;
select is(data.fee_cents(1005, 1000), 101::bigint, 'the fee rounds half up');
select is(data.fee_cents(1004, 1000), 100::bigint, 'and down below the half');
update data.venue set stripe_charges_enabled = false where id = 10001;

-- a lapsed hold whose slots are free is held again
update data.booking set held_until = now() - interval '1 minute' where id = (select id from bk where label = 'a');
update data.slot set held_until = now() - interval '1 minute' where id in (11001, 11002);
set local role webhook_service;
select is((internal.payment_context((select id from bk where label = 'a'), :'p1') ->> 'destination_account_id'), null,
  'no destination when charges are not enabled');
reset role;
select is((select held_until from data.booking where id = (select id from bk where label = 'a')), now() + interval '5 minutes',
  'a lapsed hold with free slots is held again');
select is((select count(*) from data.slot where id in (11001, 11002) and status = 'held' and held_until = now() + interval '5 minutes'),
  2::bigint, 'its slots too');

-- record_payment_intent
set local role webhook_service;
select lives_ok(format($$select internal.record_payment_intent(%s, 'pi_engine_a', 4000, 'eur', 0, null, false)$$,
  (select id from bk where label = 'a')), 'record_payment_intent');
select lives_ok(format($$select internal.record_payment_intent(%s, 'pi_engine_a', 4000, 'EUR', 0, null, false)$$,
  (select id from bk where label = 'a')), 'again: idempotent');
select is(pg_temp.err(format($$select internal.record_payment_intent(%s, 'nope', 4000, 'EUR', 0, null, false)$$,
  (select id from bk where label = 'a'))), 'invalid_input 400', 'a bad PaymentIntent id');
select is(pg_temp.err($$select internal.record_payment_intent(99999999, 'pi_x', 4000, 'EUR', 0, null, false)$$),
  'not_found 404', 'an unknown booking');
select is((internal.payment_context((select id from bk where label = 'a'), :'p1') ->> 'payment_intent_id'), 'pi_engine_a',
  'payment_context returns the existing PaymentIntent');
reset role;
select is((select count(*) || ' ' || min(currency) || ' ' || min(status::text) from data.payment where stripe_payment_intent_id = 'pi_engine_a'),
  '1 EUR requires_payment', 'one payment row');

-- confirm_booking_from_payment
set local role webhook_service;
select is(internal.confirm_booking_from_payment('pi_unknown', 4000, 'eur'), 'unknown_payment', 'unknown PaymentIntent');
select is(internal.confirm_booking_from_payment('pi_engine_a', 3999, 'eur'), 'amount_mismatch', 'a different amount is not confirmed');
reset role;
select is((select status::text from data.booking where id = (select id from bk where label = 'a')), 'pending', 'still pending');
select is((select count(*) from data.reconciliation_case where kind = 'amount_mismatch' and stripe_payment_intent_id = 'pi_engine_a'),
  1::bigint, 'a reconciliation case for a human');
set local role webhook_service;
select is(internal.confirm_booking_from_payment('pi_engine_a', 4000, 'usd'), 'amount_mismatch', 'a different currency neither');
select is(internal.confirm_booking_from_payment('pi_engine_a', 4000, 'eur'), 'confirmed', 'the right amount confirms');
select is(internal.confirm_booking_from_payment('pi_engine_a', 4000, 'eur'), 'already_confirmed', 'again: already_confirmed');
reset role;
select is((select status::text || ' ' || (confirmed_at is not null)::text from data.booking where id = (select id from bk where label = 'a')),
  'confirmed true', 'the booking is confirmed');
select is((select array_agg(distinct status::text) from data.slot where id in (11001, 11002)), '{booked}', 'its slots are booked');
select is((select status::text from data.payment where stripe_payment_intent_id = 'pi_engine_a'), 'succeeded', 'payment succeeded');
select is((select array_agg(user_id::text order by user_id) from data.notification
           where booking_id = (select id from bk where label = 'a') and kind = 'booking_confirmed'),
  array[:'o1', :'p1'], 'player and owner are told: booking_confirmed');
select is((select reason from data.booking_history where booking_id = (select id from bk where label = 'a') and to_status = 'confirmed'),
  'payment succeeded', 'history: confirmed by the payment');
set local role webhook_service;
select is(internal.fail_booking_from_payment('pi_engine_a', 'failed', 'card declined'), 'ignored_confirmed',
  'a failure never undoes a confirmation');
reset role;

-- paid after the hold lapsed and the slot went to someone else: refund
select test.act_as('player', :'p1');
insert into bk values ('b', (to_json(api.hold_slots(array[11003]::bigint[])) ->> 'booking_id')::bigint);
reset role;
set local role webhook_service;
select internal.record_payment_intent((select id from bk where label = 'b'), 'pi_engine_b', 2000, 'EUR', 0, null, false);
reset role;
update data.slot set held_until = now() - interval '1 second' where id = 11003;
update data.booking set held_until = now() - interval '1 second' where id = (select id from bk where label = 'b');
select test.act_as('player', :'p2');
insert into bk values ('b2', (to_json(api.hold_slots(array[11003]::bigint[])) ->> 'booking_id')::bigint);
reset role;
set local role webhook_service;
select is(pg_temp.err(format('select internal.payment_context(%s, %L)', (select id from bk where label = 'b'), :'p1')),
  'booking_not_pending 409', 'the taken-over booking is no longer pending');
select is(internal.confirm_booking_from_payment('pi_engine_b', 2000, 'EUR'), 'refund_queued', 'paid but the slot is gone: refund');
select is(internal.confirm_booking_from_payment('pi_engine_b', 2000, 'EUR'), 'refund_queued', 'again: still refund_queued');
reset role;
select is((select count(*) || ' ' || sum(amount_cents) || ' ' || min(status::text) from data.refund
           where booking_id = (select id from bk where label = 'b')), '1 2000 pending', 'exactly one refund row');
select is((select count(*) from data.notification where booking_id = (select id from bk where label = 'b')
           and kind = 'payment_refunded_slot_taken'), 2::bigint, 'player and owner are told');
select is((select held_by from data.slot where id = 11003), :'p2'::uuid, 'the slot stays with the new player');

-- lapsed hold, taken over while the booking still looked pending: hold_expired
select test.act_as('player', :'p1');
insert into bk values ('c', (to_json(api.hold_slots(array[11004]::bigint[])) ->> 'booking_id')::bigint);
reset role;
update data.slot set status = 'blocked', held_until = null, held_by = null where id = 11004;
update data.booking set held_until = now() - interval '1 second' where id = (select id from bk where label = 'c');
set local role webhook_service;
select is(pg_temp.err(format('select internal.payment_context(%s, %L)', (select id from bk where label = 'c'), :'p1')),
  'hold_expired 410', 'a lapsed hold whose slot is gone: hold_expired');
reset role;

-- fail_booking_from_payment
select test.act_as('player', :'p1');
insert into bk values ('d', (to_json(api.hold_slots(array[11005]::bigint[])) ->> 'booking_id')::bigint);
reset role;
set local role webhook_service;
select internal.record_payment_intent((select id from bk where label = 'd'), 'pi_engine_d', 2000, 'EUR', 0, null, false);
select is(internal.fail_booking_from_payment('pi_engine_d', 'canceled', 'canceled by the app'), 'cancelled', 'a canceled payment cancels the hold');
select is(internal.fail_booking_from_payment('pi_engine_d', 'canceled', null), 'already_cancelled', 'again: already_cancelled');
select is(internal.fail_booking_from_payment('pi_nope', 'failed', null), 'unknown_payment', 'unknown PaymentIntent');
select is(pg_temp.err($$select internal.fail_booking_from_payment('pi_engine_d', 'succeeded', null)$$), 'invalid_input 400',
  'only failed or canceled');
reset role;
select is((select status::text from data.slot where id = 11005), 'available', 'its slot is free');

-- cancel_booking by the player: before the window a full refund, after it none
select test.act_as('player', :'p2');
select is(pg_temp.err('select api.cancel_booking(' || (select id from bk where label = 'a') || ')'), 'forbidden 403',
  'another player''s booking');
reset role;
select test.act_as('player', :'p1');
select is(to_jsonb(api.cancel_booking((select id from bk where label = 'a'), 'cannot make it')),
  jsonb_build_object('booking_id', (select id from bk where label = 'a'), 'status', 'cancelled', 'refund_cents', 4000),
  'cancelled more than the window before start: full refund');
select is(pg_temp.err('select api.cancel_booking(' || (select id from bk where label = 'a') || ')'), 'not_cancellable 409',
  'cancelling twice: not_cancellable');
select is(pg_temp.err('select api.cancel_booking(99999999)'), 'not_found 404', 'unknown booking');
reset role;
select is((select count(*) || ' ' || sum(amount_cents) || ' ' || min(status::text) || ' ' || min(reason) from data.refund
           where booking_id = (select id from bk where label = 'a')), '1 4000 pending cannot make it', 'a pending refund row for the worker');
select is((select array_agg(distinct status::text) from data.slot where id in (11001, 11002)), '{available}',
  'the cancelled booking''s slots are available');
select is((select array_agg(user_id::text order by user_id) from data.notification
           where booking_id = (select id from bk where label = 'a') and kind = 'booking_cancelled'),
  array[:'o1', :'p1'], 'player and owner are told: booking_cancelled');
-- inside the window: no refund
set local role webhook_service;
select internal.record_payment_intent((select id from bk where label = 'late'), 'pi_engine_late', 2000, 'EUR', 0, null, false);
select internal.confirm_booking_from_payment('pi_engine_late', 2000, 'EUR');
reset role;
select test.act_as('player', :'p1');
select is((to_json(api.cancel_booking((select id from bk where label = 'late'))) ->> 'refund_cents')::int, 0,
  'cancelled inside the window: no refund');
reset role;
select is((select count(*) from data.refund where booking_id = (select id from bk where label = 'late')), 0::bigint, 'no refund row');
-- a paid, cancelled-without-refund booking: a redelivered success does not refund
set local role webhook_service;
select is(internal.confirm_booking_from_payment('pi_engine_late', 2000, 'EUR'), 'already_confirmed',
  'a redelivered success after a cancellation changes nothing');
reset role;
-- started: not cancellable
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency, held_until, confirmed_at)
  overriding system value values (19001, :'p1', 10001, 'confirmed', 2000, 'EUR', now(), now());
insert into data.booking_slot (booking_id, slot_id, price_cents) values (19001, 11099, 2000);
select test.act_as('player', :'p1');
select is(pg_temp.err('select api.cancel_booking(19001)'), 'not_cancellable 409', 'a started booking is not cancellable');
reset role;

-- owner_cancel_booking: full refund even inside the window; only the venue's owner or an admin
set local role webhook_service;
select internal.record_payment_intent((select id from bk where label = 'b2'), 'pi_engine_b2', 2000, 'EUR', 0, null, false);
select internal.confirm_booking_from_payment('pi_engine_b2', 2000, 'EUR');
reset role;
select test.act_as('player', :'p2');
select is(pg_temp.err('select api.owner_cancel_booking(' || (select id from bk where label = 'b2') || ', null)'),
  'sqlstate 42501', 'a player cannot call owner_cancel_booking');
reset role;
select test.act_as('owner', :'o2');
select is(pg_temp.err('select api.owner_cancel_booking(' || (select id from bk where label = 'b2') || ', null)'),
  'forbidden 403', 'another owner''s venue: forbidden');
reset role;
select test.act_as('owner', :'o1');
select is((to_json(api.owner_cancel_booking((select id from bk where label = 'b2'), 'court flooded')) ->> 'refund_cents')::int, 2000,
  'the venue''s owner cancels with a full refund');
reset role;
select is((select cancel_reason || ' ' || cancelled_by from data.booking where id = (select id from bk where label = 'b2')),
  'court flooded ' || :'o1', 'who and why are recorded');
select is((select count(*) from data.notification where booking_id = (select id from bk where label = 'b2')
           and kind = 'booking_cancelled' and user_id = :'p2'), 1::bigint, 'the player is told');

-- expire_holds / lapsed_holds_with_payment / expire_hold
select test.act_as('player', :'p1');
insert into bk values ('e1', (to_json(api.hold_slots(array[11006]::bigint[])) ->> 'booking_id')::bigint);
insert into bk values ('e2', (to_json(api.hold_slots(array[11007]::bigint[])) ->> 'booking_id')::bigint);
reset role;
set local role webhook_service;
select internal.record_payment_intent((select id from bk where label = 'e2'), 'pi_engine_e2', 2000, 'EUR', 0, null, false);
reset role;
update data.booking set held_until = now() - interval '1 minute' where id in (select id from bk where label in ('e1', 'e2', 'c'));
update data.slot set held_until = now() - interval '1 minute' where id in (11006, 11007);
set local role worker_service;
select is(internal.expire_holds(), 2, 'expire_holds expires the lapsed holds without a live PaymentIntent');
select is(internal.expire_holds(), 0, 'and nothing the second time');
select is((select array_agg(booking_id) from internal.lapsed_holds_with_payment()), array[(select id from bk where label = 'e2')],
  'the one with a PaymentIntent is listed for the worker to ask Stripe');
select is(internal.expire_hold((select id from bk where label = 'e2')), true, 'expire_hold expires it');
select is(internal.expire_hold((select id from bk where label = 'e2')), false, 'and not twice');
reset role;
select is((select array_agg(distinct status::text) from data.slot where id in (11006, 11007)), '{available}', 'their slots are free');
select is((select count(*) from data.notification where kind = 'hold_expired' and booking_id in (select id from bk where label in ('e1', 'e2'))),
  2::bigint, 'hold_expired notifications');

-- confirmed_bookings_without_payment, set_stripe_customer
set local role worker_service;
select is((select array_agg(booking_id) from internal.confirmed_bookings_without_payment()), array[19001::bigint],
  'a confirmed booking without a succeeded payment is a reconciliation candidate');
reset role;
set local role webhook_service;
select lives_ok(format($$select internal.set_stripe_customer(%L, 'cus_engine1')$$, :'p1'), 'set_stripe_customer');
select is(pg_temp.err($$select internal.set_stripe_customer('e0000000-0000-0000-0000-00000000ffff', 'cus_x')$$), 'not_found 404', 'unknown user');
reset role;
select is((select stripe_customer_id from data.app_user where id = :'p1'), 'cus_engine1', 'stored');

select * from finish();
rollback;
