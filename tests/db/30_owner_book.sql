-- api.owner_book: walk-in and phone bookings. Confirmed at once, paid at the
-- venue, no Stripe and no commission; the same all-or-nothing slot taking as
-- hold_slots; venue_report counts them apart; payout reports never see them.
begin;
select plan(37);
\ir ../engine/fixtures/engine_fixture.sql

-- who may call
select test.act_as('anon');
select is(pg_temp.err($$select api.owner_book(array[11001::bigint], 'Ana')$$), 'sqlstate 42501', 'anon cannot book at the desk');
reset role;
select test.act_as('player', :'p1');
select is(pg_temp.err($$select api.owner_book(array[11001::bigint], 'Ana')$$), 'sqlstate 42501', 'players cannot book at the desk');
reset role;
select test.act_as('owner', :'o2');
select is(pg_temp.err($$select api.owner_book(array[11001::bigint], 'Ana')$$), 'forbidden 403', 'another venue''s owner: forbidden');
reset role;

-- bad input
select test.act_as('owner', :'o1');
select is(pg_temp.err($$select api.owner_book(array[]::bigint[], 'Ana')$$), 'invalid_input 400', 'no slots');
select is(pg_temp.err($$select api.owner_book(array[11001, 11001]::bigint[], 'Ana')$$), 'invalid_input 400', 'duplicate slots');
select is(pg_temp.err($$select api.owner_book(array[11001::bigint], null)$$), 'invalid_input 400', 'a customer name is required');
select is(pg_temp.err($$select api.owner_book(array[11001::bigint], '   ')$$), 'invalid_input 400', 'a blank name is no name');
select is(pg_temp.err($$select api.owner_book(array[11001::bigint], 'Ana', '600 000 000')$$), 'invalid_input 400', 'phone must be E.164');
select is(pg_temp.err($$select api.owner_book(array[11001::bigint], 'Ana', null, 'not-an-email')$$), 'invalid_input 400', 'a bad email');
select is(pg_temp.err($$select api.owner_book(array[11001::bigint], 'Ana', null, null, repeat('x', 501))$$), 'invalid_input 400', 'a note over 500 characters');
select is(pg_temp.err($$select api.owner_book(array[999999::bigint], 'Ana')$$), 'not_found 404 999999', 'an unknown slot: not_found with its id');
select is(pg_temp.err($$select api.owner_book(array[11099::bigint], 'Ana')$$), 'invalid_input 400 11099', 'a started slot');
select is(pg_temp.err($$select api.owner_book(array[11001, 12001]::bigint[], 'Ana')$$), 'invalid_input 400', 'slots of two venues');
reset role;

-- a phone booking of two slots
select test.act_as('owner', :'o1');
insert into bk select 'walk', b.booking_id from api.owner_book(array[11002, 11001]::bigint[], 'Ana García', '+34600111222', 'ana@example.test', 'pays cash') b;
reset role;
select is((select row(status::text, player_id, customer_name, paid_at_venue, booked_by, amount_cents, confirmed_at is not null)::text
           from data.booking where id = (select id from bk where label = 'walk')),
  row('confirmed', null::uuid, 'Ana García', true, :'o1'::uuid, 4000, true)::text,
  'confirmed at once, no player account, paid at the venue, booked by the owner, priced like a hold');
select is((select array_agg(status::text order by id) from data.slot where id in (11001, 11002)), array['booked', 'booked'],
  'both slots booked');
select is((select count(*)::int from data.booking_slot where booking_id = (select id from bk where label = 'walk') and active), 2,
  'one active booking_slot per slot');
select is((select count(*)::int from data.payment where booking_id = (select id from bk where label = 'walk')), 0, 'no Stripe payment');
select is((select to_status::text || ' ' || reason from data.booking_history where booking_id = (select id from bk where label = 'walk')),
  'confirmed booked at the venue', 'the history says how it was booked');

-- the answer
select test.act_as('owner', :'o1');
select is((select row(b.status, b.payment_status, b.amount_cents, b.currency, b.slot_ids)::text
           from api.owner_book(array[11003::bigint], 'Luis') b),
  row('confirmed', 'at_venue', 2000, 'EUR', array[11003::bigint])::text,
  '{booking_id, status confirmed, payment_status at_venue, amount_cents, currency, slot_ids}');
-- venue_bookings: the customer's name and at_venue
select is((select row(player_name, payment_status::text, customer_phone, note)::text from api.venue_bookings
           where id = (select id from bk where label = 'walk')),
  row('Ana García', 'at_venue', '+34600111222', 'pays cash')::text, 'venue_bookings shows the customer and at_venue');
reset role;

-- a slot held by a player: slot_unavailable with its id, nothing booked (all or nothing)
select test.act_as('player', :'p1');
insert into bk select 'hold', (to_json(api.hold_slots(array[11005::bigint])) ->> 'booking_id')::bigint;
reset role;
select test.act_as('owner', :'o1');
select is(pg_temp.err($$select api.owner_book(array[11004, 11005]::bigint[], 'Eva')$$), 'slot_unavailable 409 11005',
  'a held slot: slot_unavailable listing it');
reset role;
select is((select status::text from data.slot where id = 11004), 'available', 'all or nothing: the free slot stays free');
select is((select count(*)::int from data.booking where customer_name = 'Eva'), 0, 'all or nothing: no booking');
-- a booked and a blocked slot too
update data.slot set status = 'blocked', blocked_reason = 'repairs' where id = 11101;
select test.act_as('owner', :'o1');
select is(pg_temp.err($$select api.owner_book(array[11101::bigint], 'Eva')$$), 'slot_unavailable 409 11101', 'a blocked slot');
select is(pg_temp.err($$select api.owner_book(array[11001::bigint], 'Eva')$$), 'slot_unavailable 409 11001', 'a booked slot');
reset role;
-- and a player cannot hold what the desk booked
select test.act_as('player', :'p2');
select is(pg_temp.err($$select api.hold_slots(array[11002::bigint])$$), 'slot_unavailable 409 11002', 'a player cannot hold a desk-booked slot');
reset role;

-- a lapsed hold is taken over, its pending booking closed (lazy expiry)
update data.slot set held_until = now() - interval '1 minute' where id = 11005;
update data.booking set held_until = now() - interval '1 minute' where id = (select id from bk where label = 'hold');
select test.act_as('owner', :'o1');
select is((select status from api.owner_book(array[11005::bigint], 'Eva')), 'confirmed', 'a lapsed hold is taken over');
reset role;
select is((select status::text from data.booking where id = (select id from bk where label = 'hold')), 'cancelled',
  'the lapsed hold''s booking is cancelled');

-- a player can neither release nor cancel a walk-in booking (it has no player)
select test.act_as('player', :'p1');
select is(pg_temp.err(format('select api.cancel_booking(%s)', (select id from bk where label = 'walk'))), 'forbidden 403',
  'a player cannot cancel a walk-in booking');
select is(pg_temp.err(format('select api.release_hold(%s)', (select id from bk where label = 'walk'))), 'forbidden 403',
  'a player cannot release a walk-in booking');
reset role;

-- venue_report: at_venue counted apart, never in gross or fee; a paid online booking beside it
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency, held_until, confirmed_at)
  overriding system value values (39101, :'p1', 10001, 'confirmed', 1500, 'EUR', now(), now());
update data.slot set status = 'booked' where id = 11102;
insert into data.booking_slot (booking_id, slot_id, price_cents) values (39101, 11102, 1500);
insert into data.payment (booking_id, stripe_payment_intent_id, amount_cents, currency, status, succeeded_at, application_fee_cents)
  values (39101, 'pi_walk_1', 1500, 'EUR', 'succeeded', now(), 150);
update data.venue set commission_bps = 1000 where id = 10001;
select test.act_as('owner', :'o1');
select is(to_jsonb(api.venue_report(10001, now(), now() + interval '7 days'))
            - 'from' - 'to' - 'venue_id' - 'currency' - 'occupancy',
  '{"bookings": 1, "gross_cents": 1500, "fee_cents": 150, "net_cents": 1350, "refunded_cents": 0, "at_venue_bookings": 3, "at_venue_cents": 8000, "disputes": 0, "disputed_cents": 0, "dispute_lost_cents": 0}'::jsonb,
  'venue_report: three walk-ins (8000) apart; gross, fee and net only of the online booking');
reset role;

-- payout reports: only Stripe money
select internal.build_payout_reports(current_date - 1, current_date + 2);
select is((select row(bookings, gross_cents, fee_cents)::text from data.payout_report
           where venue_id = 10001 and period_start = current_date - 1),
  row(1, 1500, 150)::text, 'payout reports exclude walk-in bookings');

-- the owner cancels a walk-in: nothing to refund, nobody to notify, slots free again
select test.act_as('owner', :'o1');
select is(to_json(api.owner_cancel_booking((select id from bk where label = 'walk'), 'customer called')) ->> 'refund_cents', '0',
  'owner_cancel_booking of a walk-in: refund 0');
reset role;
select is((select count(*)::int from data.refund where booking_id = (select id from bk where label = 'walk')), 0, 'no refund row');
select is((select array_agg(status::text order by id) from data.slot where id in (11001, 11002)), array['available', 'available'],
  'its slots are free again');
select is((select count(*)::int from data.notification where booking_id = (select id from bk where label = 'walk')), 0,
  'no notification for a customer without an account');
-- an admin books at any venue
select test.act_as('admin', :'ad');
select is((select payment_status from api.owner_book(array[12001::bigint], 'Walk-in')), 'at_venue', 'an admin books at any venue');
reset role;

select * from finish();
rollback;
