-- Tiered cancellation policies (issue 20 item 4): every rule of a policy and
-- its error, the migration of the single window (one 100 % tier, the window
-- derived and still answering), who may set it, the booking's snapshot at hold
-- time (unaffected by a later change).
begin;
select plan(93);
\ir ../engine/fixtures/engine_fixture.sql
\set s1 e0000000-0000-0000-0000-0000000000d1
insert into data.app_user (id, email, password_hash, full_name, role) values
  (:'s1', 's1@engine.test', 'x', 'Desk One', 'owner');
insert into data.venue_staff (venue_id, user_id, permissions) values
  (10001, :'s1', array['bookings', 'schedule', 'reports']);

-- The policy as set_cancellation_policy answers it, or the error it raises.
create function pg_temp.set_policy(venue bigint, tiers text) returns text
language plpgsql as $$
declare answer jsonb;
begin
  select to_jsonb(p) into answer from api.set_cancellation_policy(venue, tiers::json) p;
  return answer::text;
exception when sqlstate 'PGRST' then
  return (select concat_ws(' ', e ->> 'code', e ->> 'status', e ->> 'message')
          from test.api_error(format('select api.set_cancellation_policy(%L::bigint, %L::json)', venue, tiers)) e);
end $$;
grant execute on function pg_temp.set_policy(bigint, text) to public;

-- 1. The window became one 100 % tier; the window is derived from the policy.
select has_column('data', 'venue', 'cancellation_policy', 'venues have a cancellation policy');
select has_column('data', 'booking', 'cancellation_policy', 'bookings keep one');
select col_not_null('data', 'venue', 'cancellation_policy', 'every venue has one');
select is((select cancellation_policy::jsonb from data.venue where id = 10001),
  '[{"min_minutes_before": 1440, "refund_percent": 100}]'::jsonb,
  'a venue written with a window has that window as one 100 % tier');
update data.venue set cancellation_window_minutes = 120 where id = 10002;
select is((select cancellation_policy::jsonb from data.venue where id = 10002),
  '[{"min_minutes_before": 120, "refund_percent": 100}]'::jsonb,
  'writing the window alone (0.1''s way) makes it one 100 % tier');
select is((select cancellation_window_minutes::int from data.venue where id = 10002), 120, 'and it answers as the window');
select test.act_as('owner', :'o2');
select is(to_jsonb(api.update_venue(10002, cancellation_window_minutes => 90)), '{"venue_id": 10002}', 'update_venue still takes a window');
reset role;
select is((select cancellation_policy::jsonb from data.venue where id = 10002),
  '[{"min_minutes_before": 90, "refund_percent": 100}]'::jsonb, 'update_venue''s window is a one-tier policy');
select test.act_as('owner', :'o2');
select is(to_jsonb(api.update_venue(10002, name => 'NY Tennis Club')), '{"venue_id": 10002}', 'update_venue without a window');
reset role;
select is((select cancellation_policy::jsonb from data.venue where id = 10002),
  '[{"min_minutes_before": 90, "refund_percent": 100}]'::jsonb, 'leaves the policy alone');
select test.act_as('owner', :'o2');
select pg_temp.set_policy(10002, '[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 60, "refund_percent": 25}]');
select is(to_jsonb(api.update_venue(10002, name => 'NY Tennis')), '{"venue_id": 10002}', 'update_venue without a window, on a tiered policy');
reset role;
select is((select cancellation_policy::jsonb from data.venue where id = 10002),
  '[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 60, "refund_percent": 25}]'::jsonb,
  'keeps every tier (update_venue writes back the derived window unchanged)');
select test.act_as('owner', :'o1');
create temp table created as select to_jsonb(api.create_venue('New', 'A', 'C', 40, -3, 'Europe/Madrid')) as answer;
reset role;
select is((select cancellation_policy::jsonb from data.venue where id = (select (answer ->> 'venue_id')::bigint from created)),
  '[{"min_minutes_before": 1440, "refund_percent": 100}]'::jsonb, 'a new venue''s policy: a full refund up to a day before');

-- 2. set_cancellation_policy: sorted, the window derived.
select test.act_as('owner', :'o1');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 1440, "refund_percent": 50}, {"min_minutes_before": 2880, "refund_percent": 100}]')::jsonb,
  '{"venue_id": 10001, "tiers": [{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}], "cancellation_window_minutes": 2880}'::jsonb,
  'the owner sets two tiers, given in any order: the policy answered largest first, the window is the 100 % tier''s');
reset role;
select is((select cancellation_policy::jsonb || jsonb_build_array(cancellation_window_minutes) from data.venue where id = 10001),
  '[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}, 2880]'::jsonb,
  'stored on the venue with its derived window');
select is((select cancellation_window_minutes from api.venues where id = 10001), 2880, 'api.venues'' window answers the 100 % tier');

-- 3. Every rule, each refused with invalid_input 400 and a message saying which; nothing changes.
select test.act_as('owner', :'o1');
select is(pg_temp.set_policy(10001, null), 'invalid_input 400 tiers is required: a JSON list of {min_minutes_before, refund_percent}', 'tiers missing');
select is(pg_temp.set_policy(10001, 'null'), 'invalid_input 400 tiers is required: a JSON list of {min_minutes_before, refund_percent}', 'tiers JSON null');
select is(pg_temp.set_policy(10001, '{"min_minutes_before": 60, "refund_percent": 100}'),
  'invalid_input 400 tiers must be a JSON list of {min_minutes_before, refund_percent}', 'an object, not a list');
select is(pg_temp.set_policy(10001, '[]'), 'invalid_input 400 tiers must have at least one tier', 'an empty list');
select is(pg_temp.set_policy(10001, (select jsonb_agg(jsonb_build_object('min_minutes_before', k * 60, 'refund_percent', 0))::text from generate_series(1, 11) k)),
  'invalid_input 400 a cancellation policy has at most 10 tiers', '11 tiers');
select is(pg_temp.set_policy(10001, '[60]'), 'invalid_input 400 each tier must be an object {min_minutes_before, refund_percent}', 'a tier not an object');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 60}]'), 'invalid_input 400 each tier needs min_minutes_before and refund_percent', 'refund_percent missing');
select is(pg_temp.set_policy(10001, '[{"refund_percent": 100}]'), 'invalid_input 400 each tier needs min_minutes_before and refund_percent', 'min_minutes_before missing');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 60, "refund_percent": 100, "max_minutes_before": 90}]'),
  'invalid_input 400 unknown tier field max_minutes_before (a tier has min_minutes_before and refund_percent)', 'an unknown field');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 60.5, "refund_percent": 100}]'),
  'invalid_input 400 min_minutes_before must be an integer in 0..43200 (30 days)', 'minutes not an integer');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": "60", "refund_percent": 100}]'),
  'invalid_input 400 min_minutes_before must be an integer in 0..43200 (30 days)', 'minutes as a string');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": null, "refund_percent": 100}]'),
  'invalid_input 400 min_minutes_before must be an integer in 0..43200 (30 days)', 'minutes null');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": -1, "refund_percent": 100}]'),
  'invalid_input 400 min_minutes_before must be an integer in 0..43200 (30 days)', 'minutes below 0');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 43201, "refund_percent": 100}]'),
  'invalid_input 400 min_minutes_before must be an integer in 0..43200 (30 days)', 'minutes beyond 30 days');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 60, "refund_percent": 100.5}]'),
  'invalid_input 400 refund_percent must be an integer in 0..100', 'percent not an integer');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 60, "refund_percent": true}]'),
  'invalid_input 400 refund_percent must be an integer in 0..100', 'percent a boolean');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 60, "refund_percent": -1}]'),
  'invalid_input 400 refund_percent must be an integer in 0..100', 'percent below 0');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 60, "refund_percent": 101}]'),
  'invalid_input 400 refund_percent must be an integer in 0..100', 'percent above 100');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 60, "refund_percent": 100}, {"min_minutes_before": 60, "refund_percent": 50}]'),
  'invalid_input 400 each tier needs its own min_minutes_before (two tiers have the same)', 'two tiers at the same minute');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 2880, "refund_percent": 50}, {"min_minutes_before": 1440, "refund_percent": 100}]'),
  'invalid_input 400 a tier nearer the start may not refund more than a tier further from it', 'a later cancellation refunding more');
reset role;
select is((select cancellation_policy::jsonb || jsonb_build_array(cancellation_window_minutes) from data.venue where id = 10001),
  '[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}, 2880]'::jsonb,
  'after every refusal the policy is as it was');
select is(pg_temp.err($$update data.venue set cancellation_policy = '[{"min_minutes_before": 60, "refund_percent": 101}]' where id = 10001$$),
  'sqlstate 23514', 'the column refuses a broken policy too');
select is(pg_temp.err($$update data.venue set cancellation_policy = '[{"min_minutes_before": 60, "refund_percent": 0}, {"min_minutes_before": 120, "refund_percent": 0}]' where id = 10001$$),
  'sqlstate 23514', 'and one stored out of order');

-- 4. The bounds are policies.
select test.act_as('owner', :'o1');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 43200, "refund_percent": 100}, {"min_minutes_before": 0, "refund_percent": 0}]')::jsonb ->> 'cancellation_window_minutes',
  '43200', '30 days and 0 minutes, 100 % and 0 %');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 0, "refund_percent": 100}]')::jsonb ->> 'cancellation_window_minutes',
  '0', 'a full refund up to the start');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 60, "refund_percent": 50}, {"min_minutes_before": 30, "refund_percent": 50}]')::jsonb,
  '{"venue_id": 10001, "tiers": [{"min_minutes_before": 60, "refund_percent": 50}, {"min_minutes_before": 30, "refund_percent": 50}], "cancellation_window_minutes": null}'::jsonb,
  'no 100 % tier: no window (null), equal percents allowed');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 1e2, "refund_percent": 1.0}]')::jsonb -> 'tiers',
  '[{"min_minutes_before": 100, "refund_percent": 1}]'::jsonb, 'JSON numbers with an integer value are integers');
reset role;
select is((select cancellation_window_minutes from api.venues where id = 10001), null, 'api.venues'' window is null without a 100 % tier');

-- 5. Who may set it: the owner and admins; not staff, another owner, players or anon.
select test.act_as('admin', :'ad');
select is(pg_temp.set_policy(10002, '[{"min_minutes_before": 720, "refund_percent": 100}]')::jsonb ->> 'cancellation_window_minutes',
  '720', 'an admin sets any venue''s policy');
reset role;
select test.act_as('owner', :'o2');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 720, "refund_percent": 100}]'),
  'forbidden 403 This venue belongs to another owner', 'another owner is refused');
reset role;
select test.act_as('owner', :'s1');
select is(pg_temp.set_policy(10001, '[{"min_minutes_before": 720, "refund_percent": 100}]'),
  'forbidden 403 This venue belongs to another owner', 'staff, whatever their permissions, are refused (the policy is the owner''s)');
select is(pg_temp.set_policy(10001, '[]'),
  'forbidden 403 This venue belongs to another owner', 'refused before their input is looked at');
reset role;
select test.act_as('owner', :'o1');
select is(pg_temp.set_policy(99999, '[{"min_minutes_before": 720, "refund_percent": 100}]'),
  'not_found 404 No such venue', 'an unknown venue');
select is(pg_temp.set_policy(null, '[{"min_minutes_before": 720, "refund_percent": 100}]'),
  'invalid_input 400 venue_id is required', 'no venue');
reset role;
select test.act_as('player', :'p1');
select is(pg_temp.err($$select api.set_cancellation_policy(10001, '[{"min_minutes_before": 720, "refund_percent": 100}]')$$),
  'sqlstate 42501', 'players are not granted it');
reset role;
select test.act_as('anon');
select is(pg_temp.err($$select api.set_cancellation_policy(10001, '[{"min_minutes_before": 720, "refund_percent": 100}]')$$),
  'sqlstate 42501', 'anon is not granted it');
reset role;
select is((select cancellation_policy::jsonb from data.venue where id = 10001),
  '[{"min_minutes_before": 100, "refund_percent": 1}]'::jsonb, 'the refused calls changed nothing');

-- 6. A booking keeps the policy of the moment it was held.
select test.act_as('owner', :'o1');
select pg_temp.set_policy(10001, '[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}]');
reset role;
select test.act_as('player', :'p1');
create temp table held as select (to_json(api.hold_slots(array[11001::bigint])) ->> 'booking_id')::bigint as id;
reset role;
select is((select cancellation_policy::jsonb || jsonb_build_array(cancellation_window_minutes) from data.booking where id = (select id from held)),
  '[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}, 2880]'::jsonb,
  'the hold keeps the venue''s policy and its window');
select test.act_as('owner', :'o1');
select pg_temp.set_policy(10001, '[{"min_minutes_before": 60, "refund_percent": 10}]');
reset role;
select is((select cancellation_policy::jsonb from data.booking where id = (select id from held)),
  '[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}]'::jsonb,
  'a later change of the venue''s policy leaves the booking''s alone');
select test.act_as('player', :'p1');
create temp table held2 as select (to_json(api.hold_slots(array[11002::bigint])) ->> 'booking_id')::bigint as id;
reset role;
select is((select cancellation_policy::jsonb || jsonb_build_array(cancellation_window_minutes) from data.booking where id = (select id from held2)),
  '[{"min_minutes_before": 60, "refund_percent": 10}, null]'::jsonb, 'a hold made after the change keeps the new one (no window: no 100 % tier)');
select test.act_as('owner', :'o1');
create temp table walk_in as select (to_jsonb(api.owner_book(array[11003::bigint], 'Walk In')) ->> 'booking_id')::bigint as id;
reset role;
select is((select cancellation_policy::jsonb from data.booking where id = (select id from walk_in)),
  '[{"min_minutes_before": 60, "refund_percent": 10}]'::jsonb, 'every booking keeps one, a walk-in too');
-- A booking made before policies (a recorded 0.1 window, or none) is cancelled under that window, else the venue's policy.
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency, held_until, confirmed_at, cancellation_policy, cancellation_window_minutes)
  overriding system value values (5301, :'p1', 10001, 'confirmed', 2000, 'EUR', now(), now(), null, 30);
update data.booking set cancellation_policy = null, cancellation_window_minutes = 30 where id = 5301;
select is(data.booking_cancellation_policy((select b from data.booking b where id = 5301))::jsonb,
  '[{"min_minutes_before": 30, "refund_percent": 100}]'::jsonb, 'a 0.1 booking''s window is its policy');
update data.booking set cancellation_window_minutes = null where id = 5301;
select is(data.booking_cancellation_policy((select b from data.booking b where id = 5301))::jsonb,
  '[{"min_minutes_before": 60, "refund_percent": 10}]'::jsonb, 'one without a window follows the venue''s current policy');

-- 7. The helpers: the tier at a moment, and half-up cents.
select is(data.cancellation_refund_percent('[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}]',
  '2030-01-03 12:00Z', '2030-01-01 11:59Z'), 100, 'more than 2880 minutes before: 100 %');
select is(data.cancellation_refund_percent('[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}]',
  '2030-01-03 12:00Z', '2030-01-01 12:00Z'), 50, 'exactly 2880 minutes before: no longer "more than", the next tier');
select is(data.cancellation_refund_percent('[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}]',
  '2030-01-03 12:00Z', '2030-01-02 12:00Z'), 0, 'exactly 1440 minutes before: after the last tier, nothing');
select is(data.percent_of_cents(1001, 50), 501, '50 % of 1001 cents is 501 (half up)');
select is(data.percent_of_cents(1003, 25), 251, '25 % of 1003 cents is 251 (250.75 up)');
select is(data.percent_of_cents(1002, 25), 251, '25 % of 1002 cents is 251 (250.5 half up)');
select is(data.percent_of_cents(1001, 33), 330, '33 % of 1001 cents is 330 (330.33 down)');

-- 8. cancel_booking refunds the tier's percent of what was paid, half up;
-- owner cancellations refund in full. Paid bookings of new slots (a court
-- each) starting `starts` from now (the transaction's now() stays put), made
-- under the venue's policy of the moment (48 h: 100 %, 24 h: 50 %).
\set s2 e0000000-0000-0000-0000-0000000000d2
insert into data.app_user (id, email, password_hash, full_name, role) values (:'s2', 's2@engine.test', 'x', 'Planner', 'owner');
insert into data.venue_staff (venue_id, user_id, permissions) values (10001, :'s2', array['schedule', 'reports']);
select test.act_as('owner', :'o1');
select pg_temp.set_policy(10001, '[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}]');
reset role;
create function pg_temp.paid(label text, starts interval, amount integer) returns bigint
language plpgsql as $$
declare cid bigint; sid bigint; bid bigint;
begin
  insert into data.court (venue_id, name, sport) values (10001, 'Court ' || label, 'padel') returning id into cid;
  insert into data.slot (court_id, start_at, end_at, price_cents, status)
  values (cid, now() + starts, now() + starts + interval '1 hour', amount, 'booked') returning id into sid;
  insert into data.booking (player_id, venue_id, status, amount_cents, currency, confirmed_at)
  values ('e0000000-0000-0000-0000-0000000000b1', 10001, 'confirmed', amount, 'EUR', now()) returning id into bid;
  insert into data.booking_slot (booking_id, slot_id, price_cents) values (bid, sid, amount);
  insert into data.payment (booking_id, stripe_payment_intent_id, amount_cents, currency, application_fee_cents,
                            destination_account_id, status, amount_received_cents, succeeded_at)
  values (bid, 'pi_tiers_' || label, amount, 'EUR', amount / 10, 'acct_tiers', 'succeeded', amount, now());
  insert into bk values (label, bid);
  return bid;
end $$;
select pg_temp.paid('early', interval '3 days', 1001);
select pg_temp.paid('half', interval '1441 minutes', 1001);
select pg_temp.paid('at48h', interval '2880 minutes', 1001);
select pg_temp.paid('past48h', interval '2881 minutes', 1001);
select pg_temp.paid('at24h', interval '1440 minutes', 1001);
select pg_temp.paid('late', interval '10 hours', 1001);
select pg_temp.paid('desk', interval '10 hours', 1001);
select pg_temp.paid('staff', interval '10 hours', 1001);
select pg_temp.paid('kept', interval '30 hours', 2000);
-- The venue changes its policy: the bookings above keep theirs.
select test.act_as('owner', :'o1');
select pg_temp.set_policy(10001, '[{"min_minutes_before": 60, "refund_percent": 0}]');
reset role;
create function pg_temp.cancel(label text) returns integer
language sql as $$
  select (api.cancel_booking((select id from bk where bk.label = cancel.label))).refund_cents
$$;
grant execute on function pg_temp.cancel(text) to public;
select test.act_as('player', :'p1');
select is(pg_temp.cancel('early'), 1001, 'three days ahead: the 100 % tier, all of it');
select is(pg_temp.cancel('half'), 501, 'a minute more than 24 h ahead: 50 % of 1001 cents, 501 (half up)');
select is(pg_temp.cancel('past48h'), 1001, 'a minute more than 48 h ahead: 100 %');
select is(pg_temp.cancel('at48h'), 501, 'exactly 48 h ahead: not more than 2880 minutes, the 50 % tier');
select is(pg_temp.cancel('at24h'), 0, 'exactly 24 h ahead: after the last tier, nothing');
select is(pg_temp.cancel('late'), 0, 'ten hours ahead: nothing');
select is(pg_temp.cancel('kept'), 1000, 'the policy of the hold, not the venue''s new one (which refunds nothing): 50 % of 2000');
reset role;
select is((select array_agg(r.amount_cents order by r.amount_cents) from data.refund r
           where r.booking_id in (select id from bk where label in ('early', 'half', 'at24h', 'late', 'kept'))),
  array[501, 1000, 1001], 'the refunds recorded for the worker: the partial amounts, none for the refunds of 0');
select is((select (n.payload ->> 'refund_cents')::int from data.notification n
           where n.booking_id = (select id from bk where label = 'half') and n.user_id = :'p1' and n.kind = 'booking_cancelled'),
  501, 'the player is told the partial refund');
select is((select (n.payload ->> 'refund_cents')::int from data.notification n
           where n.booking_id = (select id from bk where label = 'half') and n.user_id = :'o1' and n.kind = 'booking_cancelled'),
  501, 'and the owner');

-- The venue cancels: a full refund, whatever the tier.
select test.act_as('owner', :'o1');
select is((api.owner_cancel_booking((select id from bk where label = 'desk'), 'rain')).refund_cents, 1001,
  'the owner cancelling ten hours ahead refunds in full');
reset role;
select test.act_as('owner', :'s2');
select is(pg_temp.err($$select api.owner_cancel_booking((select id from bk where label = 'staff'), 'x')$$),
  'forbidden 403', 'staff without the bookings permission cannot cancel');
reset role;
select test.act_as('owner', :'s1');
select is((api.owner_cancel_booking((select id from bk where label = 'staff'), 'court closed')).refund_cents, 1001,
  'desk staff cancelling refund in full too');
reset role;

-- A split booking: the organizer's payment and every paid share at the tier's percent, each half up.
select pg_temp.paid('split', interval '30 hours', 1002);
update data.booking set amount_cents = 2003, cancellation_policy = '[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}]'
  where id = (select id from bk where label = 'split');
insert into data.booking_split (booking_id, shares, share_cents, invite_code, pay_by)
  values ((select id from bk where label = 'split'), 2, 1001, 'tiers53invite000', now() + interval '28 hours');
insert into data.booking_share (booking_id, number, amount_cents, player_id, status, taken_at, paid_at) values
  ((select id from bk where label = 'split'), 1, 1002, :'p1', 'paid', now(), now()),
  ((select id from bk where label = 'split'), 2, 1001, :'p2', 'paid', now(), now());
insert into data.share_payment (booking_id, kind, share_id, player_id, idempotency_key, stripe_payment_intent_id,
                                amount_cents, currency, application_fee_cents, destination_account_id, status,
                                amount_received_cents, succeeded_at)
  values ((select id from bk where label = 'split'), 'share',
          (select id from data.booking_share where booking_id = (select id from bk where label = 'split') and number = 2),
          :'p2', 'pi-share-tiers53', 'pi_tiers_share', 1001, 'EUR', 100, 'acct_tiers', 'succeeded', 1001, now());
select test.act_as('player', :'p1');
select is(pg_temp.cancel('split'), 1002, 'the organizer cancels a split booking 30 h ahead: 501 + 501');
reset role;
select is((select array_agg(amount_cents) from data.refund where booking_id = (select id from bk where label = 'split')),
  array[501], 'the organizer''s 1002 cents: 501 back');
select is((select array_agg(amount_cents) from data.share_refund where booking_id = (select id from bk where label = 'split')),
  array[501], 'the other player''s 1001 cents: 501 back (half up)');

-- 9. The policy in the API views: the venue's in GET /venues (anyone) and GET
-- /my_venues, the booking's own in GET /bookings, with free_cancellation_until
-- from it (null when no tier refunds in full).
select test.act_as('anon');
select is((select cancellation_policy from api.venues where id = 10001),
  '[{"min_minutes_before": 60, "refund_percent": 0}]'::jsonb, 'anon reads a venue''s policy in api.venues');
select is((select cancellation_policy from api.venues where id = 10002),
  '[{"min_minutes_before": 720, "refund_percent": 100}]'::jsonb, 'every venue''s');
reset role;
select test.act_as('owner', :'o1');
select is((select cancellation_policy from api.my_venues where id = 10001),
  '[{"min_minutes_before": 60, "refund_percent": 0}]'::jsonb, 'the owner reads it in api.my_venues');
reset role;
select is((select format_type(atttypid, atttypmod) from pg_attribute
           where attrelid = 'api.bookings'::regclass and attname = 'cancellation_policy'), 'jsonb',
  'api.bookings shows it as jsonb, not the data domain');
select test.act_as('player', :'p1');
select is((select cancellation_policy from api.bookings where id = (select id from held)),
  '[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}]'::jsonb,
  'a booking shows the policy it was held under, not the venue''s new one');
select is((select free_cancellation_until from api.bookings where id = (select id from held)),
  (select min(start_at) from data.slot where id = 11001) - interval '2880 minutes',
  'a full refund before its 100 % tier');
select is((select cancellation_policy from api.bookings where id = (select id from held2)),
  '[{"min_minutes_before": 60, "refund_percent": 10}]'::jsonb, 'a later hold shows the later policy');
select is((select free_cancellation_until from api.bookings where id = (select id from held2)), null,
  'no 100 % tier: no free cancellation at all, whatever the venue''s window is now');
select is((select cancellation_policy from api.bookings where id = 5301),
  '[{"min_minutes_before": 60, "refund_percent": 0}]'::jsonb, 'a booking without a policy or window: the venue''s current one');
reset role;
select test.act_as('player', :'p2');
select is((select cancellation_policy from api.bookings where id = (select id from bk where label = 'split')),
  '[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}]'::jsonb,
  'a share holder of a split booking sees its policy too');
reset role;
select test.act_as('player', :'p2');
create temp table held3 as select to_json(api.hold_slots(array[11004::bigint])) as answer;
reset role;
select is((select answer ->> 'free_cancellation_until' from held3), null,
  'hold_slots answers free_cancellation_until null under a policy without a 100 % tier');

select * from finish();
rollback;
