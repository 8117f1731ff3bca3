-- Security/correctness review: each test proves a defect found in review (and
-- now fixed) stays fixed.
begin;
select plan(13);
\ir ../engine/fixtures/engine_fixture.sql

-- 1. Window limits must hold for far-apart instants. timestamptz subtraction
--    wraps around (PostgreSQL 15: 4713 BC .. 294000 AD gives a negative
--    interval), so "to - from > interval '14 days'" let anon read every slot of
--    a venue in one call, and the 400-day limits of reports and block ranges
--    were bypassed the same way.
select test.act_as('anon');
select is(pg_temp.err($$select * from api.available_slots(venue_id => 10001,
            "from" => '4713-01-01 00:00+00 BC', "to" => '294000-01-01 00:00+00')$$),
  'invalid_input 400', 'available_slots: a window of ~300,000 years is refused, not a wrapped-around interval');
select is(pg_temp.err($$select * from api.available_slots(court_id => 10101,
            "from" => '4713-01-01 00:00+00 BC', "to" => '294000-01-01 00:00+00')$$),
  'invalid_input 400', 'available_slots by court: the same');
reset role;
select test.act_as('owner', :'o1');
select is(pg_temp.err($$select api.venue_report(10001, '4713-01-01 00:00+00 BC', '294000-01-01 00:00+00')$$),
  'invalid_input 400', 'venue_report: the 400-day limit holds for far-apart instants');
select is(pg_temp.err($$select api.block_slots(court_id => 10101, "from" => '4713-01-01 00:00+00 BC',
            "to" => '294000-01-01 00:00+00')$$),
  'invalid_input 400', 'block_slots: the 400-day range limit holds for far-apart instants');
select is(pg_temp.err($$select api.unblock_slots(court_id => 10101, "from" => '4713-01-01 00:00+00 BC',
            "to" => '294000-01-01 00:00+00')$$),
  'invalid_input 400', 'unblock_slots: the same');
reset role;
select is((select count(*) from data.slot where status = 'blocked'), 0::bigint, 'nothing was blocked');

-- 2. A hold whose total does not fit booking.amount_cents (integer) answered a
--    raw 22003 "integer out of range". Prices up to 999,999,999 are valid rules,
--    so three such slots are ordinary input: a stable invalid_input instead.
update data.slot set price_cents = 999999999 where id in (11006, 11007, 11008);
select test.act_as('player', :'p1');
select is(pg_temp.err($$select api.hold_slots(array[11006, 11007, 11008]::bigint[])$$),
  'invalid_input 400', 'hold_slots: a total beyond integer range is invalid_input, not 22003');
select is((to_json(api.hold_slots(array[11006, 11007]::bigint[])) ->> 'amount_cents')::bigint, 1999999998::bigint,
  'two of them (within range) still hold');
reset role;
select is((select count(*) from data.slot where id = 11008 and status = 'available'), 1::bigint,
  'the refused hold changed nothing');

-- 3. charge.refunded of today's API carries only amount_refunded. Two refunds of
--    the same amount made in the Stripe dashboard (1000, then 1000 more: amount_refunded
--    1000, then 2000) were recorded as one: the second matched the first, already
--    succeeded, row by amount ("already_recorded"). The refundable rest was then
--    overstated and an owner's cancel queued 3000 on a 4000 payment Stripe had
--    already refunded 2000 of: 5000 in refunds for 4000 paid.
select test.act_as('player', :'p1');
select (to_json(api.hold_slots(array[11001, 11002]::bigint[], 'review-refunds')) ->> 'booking_id')::bigint as rbid \gset
reset role;
select internal.record_payment_intent(:rbid, 'pi_review_refunds', 4000, 'EUR', 0, null, false);
select internal.confirm_booking_from_payment('pi_review_refunds', 4000, 'EUR');
select internal.store_stripe_event('evt_review_refund_1', 'charge.refunded', false, now(), null,
  '{"data": {"object": {"id": "ch_review", "payment_intent": "pi_review_refunds", "amount": 4000, "amount_refunded": 1000}}}');
select internal.apply_stripe_event('evt_review_refund_1');
select is(internal.apply_stripe_event('evt_review_refund_1'), 'already_applied', 'first dashboard refund applied once');
select internal.store_stripe_event('evt_review_refund_2', 'charge.refunded', false, now(), null,
  '{"data": {"object": {"id": "ch_review", "payment_intent": "pi_review_refunds", "amount": 4000, "amount_refunded": 2000}}}');
select internal.apply_stripe_event('evt_review_refund_2');
select is((select sum(amount_cents) from data.refund where booking_id = :rbid and status = 'succeeded'),
  2000::bigint, 'both dashboard refunds of 1000 are recorded (amount_refunded 2000)');
select test.act_as('owner', :'o1');
select is((to_json(api.owner_cancel_booking(:rbid, 'rain')) ->> 'refund_cents')::int, 2000,
  'the owner''s full refund is what is left of the payment (2000), not 3000');
reset role;

-- 4. json accepts \u0000, jsonb does not: set_availability's cast raised a raw 22P05.
select test.act_as('owner', :'o1');
select is(pg_temp.err($q$select api.set_availability(10101,
            '[{"weekday": 1, "opens": "\u0000", "closes": "10:00", "slot_minutes": 60, "price_cents": 100}]'::json)$q$),
  'invalid_input 400', 'set_availability: a \u0000 in the rules is invalid_input, not 22P05');
reset role;

select * from finish();
rollback;
