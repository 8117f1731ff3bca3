-- Owner and admin tools: venues, courts, blocking, owner reports, commission,
-- platform settings, devices. Owners act only on their venues; admins on all.
begin;
select plan(66);
\ir ../engine/fixtures/engine_fixture.sql

-- create_venue
select test.act_as('anon');
select is(pg_temp.err($$select api.create_venue('X', 'A', 'C', 1, 1, 'Europe/Madrid')$$), 'sqlstate 42501', 'anon cannot create venues');
reset role;
select test.act_as('player', :'p1');
select is(pg_temp.err($$select api.create_venue('X', 'A', 'C', 1, 1, 'Europe/Madrid')$$), 'sqlstate 42501', 'players cannot create venues');
reset role;
select test.act_as('owner', :'o1');
select is(pg_temp.err($$select api.create_venue('X', 'A', 'C', 1, 1, 'Mars/Olympus')$$), 'invalid_input 400 Mars/Olympus', 'a bad time zone');
select is(pg_temp.err($$select api.create_venue('X', 'A', 'C', 1, 1, null)$$), 'invalid_input 400', 'no time zone');
select is(pg_temp.err($$select api.create_venue('X', 'A', 'C', 91, 1, 'Europe/Madrid')$$), 'invalid_input 400', 'latitude 91');
select is(pg_temp.err($$select api.create_venue('X', 'A', 'C', 'NaN', 1, 'Europe/Madrid')$$), 'invalid_input 400', 'latitude NaN');
select is(pg_temp.err($$select api.create_venue('  ', 'A', 'C', 1, 1, 'Europe/Madrid')$$), 'invalid_input 400', 'a blank name');
select is(pg_temp.err($$select api.create_venue(repeat('x', 201), 'A', 'C', 1, 1, 'Europe/Madrid')$$), 'invalid_input 400', 'a long name');
select is(pg_temp.err($$select api.create_venue('X', 'A', 'C', 1, 1, 'Europe/Madrid', 'euro')$$), 'invalid_input 400 euro', 'a bad currency');
select is(pg_temp.err($$select api.create_venue('X', 'A', 'C', 1, 1, 'Europe/Madrid', owner_id => 'e0000000-0000-0000-0000-0000000000a2')$$),
  'forbidden 403', 'an owner cannot create a venue for someone else');
insert into bk values ('v', (to_json(api.create_venue(' Club ', 'Addr', 'Sevilla', 37.38, -5.98, 'Europe/Madrid', 'eur')) ->> 'venue_id')::bigint);
reset role;
select is((select owner_id::text || ' ' || name || ' ' || currency || ' ' || timezone from data.venue where id = (select id from bk where label = 'v')),
  :'o1' || ' Club EUR Europe/Madrid', 'create_venue: owned by the caller, trimmed, currency upper-cased');
select test.act_as('admin', :'ad');
select ok((to_json(api.create_venue('For o2', 'A', 'Boston', 42.36, -71.06, 'America/New_York', 'USD', owner_id => :'o2')) ->> 'venue_id') is not null,
  'an admin creates a venue for an owner');
select is(pg_temp.err(format($$select api.create_venue('X', 'A', 'C', 1, 1, 'Europe/Madrid', owner_id => %L)$$, :'p1')),
  'invalid_input 400', 'but only for an owner account');
reset role;
select is((select count(*) from data.venue where owner_id = :'o2'), 2::bigint, 'o2 owns it');

-- update_venue
select test.act_as('owner', :'o2');
select is(pg_temp.err($$select api.update_venue(10001, name => 'Mine')$$), 'forbidden 403', 'update_venue: another owner''s venue');
reset role;
select test.act_as('owner', :'o1');
select is(pg_temp.err($$select api.update_venue(99999999, name => 'x')$$), 'not_found 404', 'update_venue: unknown venue');
select is(pg_temp.err($$select api.update_venue(10001, timezone => 'Nowhere/Land')$$), 'invalid_input 400 Nowhere/Land', 'update_venue: bad zone');
select is(pg_temp.err($$select api.update_venue(10001, lat => 10)$$), 'invalid_input 400', 'lat without lng');
select is(pg_temp.err($$select api.update_venue(10001, cancellation_window_minutes => -1)$$), 'invalid_input 400', 'a negative window');
select is(to_jsonb(api.update_venue(10001, name => 'Madrid Padel Club', cancellation_window_minutes => 120)), '{"venue_id": 10001}', 'update_venue');
reset role;
select is((select name || ' ' || cancellation_window_minutes || ' ' || city from data.venue where id = 10001), 'Madrid Padel Club 120 Madrid',
  'only the given fields change');

-- create_court / update_court
select test.act_as('owner', :'o2');
select is(pg_temp.err($$select api.create_court(10001, 'Intruder', 'padel')$$), 'forbidden 403', 'create_court at another owner''s venue');
reset role;
select test.act_as('owner', :'o1');
select is(pg_temp.err($$select api.create_court(10001, 'C', 'golf')$$), 'invalid_input 400 golf', 'an unknown sport');
select is(pg_temp.err($$select api.create_court(10001, 'Pista 1', 'padel')$$), 'invalid_input 400 Pista 1', 'a duplicate court name');
select is(pg_temp.err($$select api.create_court(99999999, 'C', 'padel')$$), 'not_found 404', 'an unknown venue');
select ok((to_json(api.create_court(10001, 'Pista 3', 'Padel', 'glass', true)) ->> 'court_id') is not null, 'create_court');
select is(to_jsonb(api.update_court(10102, surface => 'clay')), '{"court_id": 10102}', 'update_court');
select is(pg_temp.err($$select api.update_court(10102, name => 'Pista 1')$$), 'invalid_input 400 Pista 1', 'update_court: a duplicate name');
select is(pg_temp.err($$select api.update_court(10201, name => 'Mine')$$), 'forbidden 403', 'update_court: another owner''s court');
reset role;
select is((select sport::text || ' ' || surface || ' ' || indoor from data.court where venue_id = 10001 and name = 'Pista 3'),
  'padel glass true', 'the court is stored');

-- block_slots / unblock_slots
select test.act_as('player', :'p1');
select api.hold_slots(array[11002]::bigint[]);
reset role;
update data.slot set status = 'booked', held_until = null, held_by = null where id = 11003;
select test.act_as('owner', :'o1');
select is(to_jsonb(api.block_slots(slot_ids => array[11001, 11002, 11003, 11004]::bigint[], reason => 'maintenance')),
  '{"blocked": 2, "skipped": [11002, 11003]}', 'block_slots blocks the free ones and reports held and booked ones');
select is(to_jsonb(api.block_slots(slot_ids => array[11001]::bigint[])), '{"blocked": 0, "skipped": []}',
  'blocking a blocked slot again changes nothing');
select is(pg_temp.err($$select api.block_slots(slot_ids => array[12001]::bigint[])$$), 'forbidden 403', 'another owner''s slot');
select is(pg_temp.err($$select api.block_slots(slot_ids => array[11001, 99999999]::bigint[])$$), 'not_found 404 99999999', 'an unknown slot');
select is(pg_temp.err($$select api.block_slots()$$), 'invalid_input 400', 'no selector');
select is(pg_temp.err($$select api.block_slots(slot_ids => '{}')$$), 'invalid_input 400', 'an empty list');
select is(pg_temp.err($$select api.block_slots(court_id => 10101, "from" => now())$$), 'invalid_input 400', 'a range without its end');
select is(pg_temp.err($$select api.block_slots(court_id => 10101, "from" => now(), "to" => now() + interval '2 years')$$),
  'invalid_input 400', 'a range over 400 days');
select is(pg_temp.err($$select api.block_slots(slot_ids => array[11005]::bigint[], court_id => 10101)$$), 'invalid_input 400', 'two selectors');
select is((to_json(api.block_slots(court_id => 10102, "from" => now(), "to" => now() + interval '10 days', reason => 'tournament')) ->> 'blocked')::int, 5,
  'block by court and range');
reset role;
select is((select status::text || ' ' || blocked_reason from data.slot where id = 11004), 'blocked maintenance', 'blocked with its reason');
select is((select status::text from data.slot where id = 11002), 'held', 'the held slot was not touched');
select test.act_as('player', :'p2');
select is(pg_temp.err($$select api.hold_slots(array[11004]::bigint[])$$), 'slot_unavailable 409 11004', 'a blocked slot cannot be held');
reset role;
select test.act_as('owner', :'o1');
select is(to_jsonb(api.unblock_slots(slot_ids => array[11004, 11005]::bigint[])), '{"unblocked": 1}', 'unblock_slots');
select is(to_jsonb(api.unblock_slots(court_id => 10102, "from" => now(), "to" => now() + interval '10 days')), '{"unblocked": 5}', 'unblock by range');
reset role;
select is((select status::text || coalesce(blocked_reason, '-') from data.slot where id = 11004), 'available-', 'available again, reason cleared');
select test.act_as('admin', :'ad');
select is((to_json(api.block_slots(slot_ids => array[12001]::bigint[])) ->> 'blocked')::int, 1, 'an admin blocks at any venue');
reset role;

-- venue_report: a confirmed booking, a refund, occupancy
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency, held_until, confirmed_at, cancelled_at)
  overriding system value values
  (19101, :'p1', 10001, 'confirmed', 4000, 'EUR', now(), now(), null),
  (19102, :'p2', 10001, 'cancelled', 2000, 'EUR', now(), now(), now());
update data.slot set status = 'booked' where id in (11006, 11007);
insert into data.booking_slot (booking_id, slot_id, price_cents, active) values
  (19101, 11006, 2000, true), (19101, 11007, 2000, true), (19102, 11008, 2000, false);
insert into data.payment (booking_id, stripe_payment_intent_id, amount_cents, currency, status) values
  (19101, 'pi_rep_1', 4000, 'EUR', 'succeeded'), (19102, 'pi_rep_2', 2000, 'EUR', 'succeeded');
insert into data.refund (payment_id, booking_id, amount_cents, currency, reason)
  select id, 19102, 2000, 'EUR', 'owner cancelled' from data.payment where stripe_payment_intent_id = 'pi_rep_2';
update data.venue set commission_bps = 1000 where id = 10001;
select test.act_as('owner', :'o1');
select is(to_jsonb(api.venue_report(10001, now(), now() + interval '7 days'))
            - 'from' - 'to' - 'venue_id' - 'currency',
  '{"bookings": 2, "gross_cents": 6000, "fee_cents": 400, "net_cents": 3600, "refunded_cents": 2000, "occupancy": 0.2143, "at_venue_bookings": 0, "at_venue_cents": 0, "disputes": 0, "disputed_cents": 0, "dispute_lost_cents": 0}'::jsonb,
  'venue_report: bookings, gross, fee on what was kept, net, refunds, occupancy (3 booked of 14 open slots)');
select is(pg_temp.err($$select api.venue_report(10001, now(), now() - interval '1 day')$$), 'invalid_input 400', 'a reversed range');
select is(pg_temp.err($$select api.venue_report(10001, null, now())$$), 'invalid_input 400', 'a missing bound');
select is(pg_temp.err($$select api.venue_report(10002, now(), now() + interval '1 day')$$), 'forbidden 403',
  'another owner''s report: forbidden, no figures');
reset role;
select test.act_as('admin', :'ad');
select is((to_json(api.venue_report(10001, now(), now() + interval '7 days')) ->> 'gross_cents')::int, 6000, 'an admin reads any report');
reset role;

-- set_commission / set_platform_settings: admin only
select test.act_as('owner', :'o1');
select is(pg_temp.err($$select api.set_commission(10001, 0)$$), 'sqlstate 42501', 'owners cannot set their commission');
select is(pg_temp.err($$select api.set_platform_settings(hold_minutes => 6)$$), 'sqlstate 42501', 'nor platform settings');
reset role;
select test.act_as('admin', :'ad');
select is(to_jsonb(api.set_commission(10001, 750)), '{"venue_id": 10001, "commission_bps": 750, "effective_commission_bps": 750}', 'set_commission');
select is(to_jsonb(api.set_commission(10001, null)) ->> 'effective_commission_bps', '1000', 'null: the platform default');
select is(pg_temp.err($$select api.set_commission(10001, 10001)$$), 'invalid_input 400', 'above 10000 bps');
select is(pg_temp.err($$select api.set_commission(99999999, 100)$$), 'not_found 404', 'unknown venue');
select is(to_jsonb(api.set_platform_settings(hold_minutes => 8, default_commission_bps => 1200)),
  '{"default_commission_bps": 1200, "hold_minutes": 8, "slot_horizon_days": 30, "access_token_minutes": 60,
    "split_deadline_minutes": 120, "venue_review_required": true, "max_pending_holds": 2, "max_held_slots": 8}',
  'set_platform_settings returns the settings');
select is(pg_temp.err($$select api.set_platform_settings(hold_minutes => 4)$$), 'invalid_input 400', 'hold minutes below 5');
select is(pg_temp.err($$select api.set_platform_settings(default_commission_bps => -1)$$), 'invalid_input 400', 'a negative commission');
reset role;
select test.act_as('player', :'p2');
select is((to_json(api.hold_slots(array[11009]::bigint[])) ->> 'held_until')::timestamptz, now() + interval '8 minutes',
  'holds now last the new hold minutes');
-- register_device
select is(to_jsonb(api.register_device('engine-instance:APA91b' || repeat('tok-engine', 12), 'ios')), '{"ok": true}', 'register_device');
select is(pg_temp.err($$select api.register_device('engine-instance:APA91b' || repeat('tok-engine', 12), 'symbian')$$), 'invalid_input 400 symbian', 'an unknown platform');
select is(pg_temp.err($$select api.register_device('', 'ios')$$), 'invalid_input 400', 'an empty token');
reset role;
select test.act_as('anon');
select is(pg_temp.err($$select api.register_device('t', 'ios')$$), 'sqlstate 42501', 'anon cannot register a device');
reset role;

select * from finish();
rollback;
