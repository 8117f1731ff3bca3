-- Check-in and no-shows (issue 20): the desk checks bookings in from 60 minutes
-- before the start until the end, marks no-shows after the start; at the
-- venue's limit the player is suspended there only (hold_slots:
-- player_suspended with the end in details), visible to them and the venue;
-- the owner may undo a no-show within 24 hours; set_no_show_rules.
begin;
select plan(59);
\ir ../engine/fixtures/engine_fixture.sql
\set s1 e0000000-0000-0000-0000-0000000000d1
\set s2 e0000000-0000-0000-0000-0000000000d2
insert into data.app_user (id, email, password_hash, full_name, role) values
  (:'s1', 's1@engine.test', 'x', 'Desk One', 'owner'),
  (:'s2', 's2@engine.test', 'x', 'Planner Two', 'owner');
insert into data.venue_staff (venue_id, user_id, permissions) values
  (10001, :'s1', array['bookings']), (10001, :'s2', array['reports', 'schedule']);

-- A confirmed booking of a new one-hour slot on a court, starting at `starts`
-- (made directly: these times lie outside what the API may book).
create function pg_temp.booked(label text, player uuid, court bigint, starts timestamptz) returns bigint
language plpgsql as $$
declare sid bigint; bid bigint;
begin
  insert into data.slot (court_id, start_at, end_at, price_cents, status)
  values (court, starts, starts + interval '1 hour', 2000, 'booked') returning id into sid;
  insert into data.booking (player_id, venue_id, status, amount_cents, currency, confirmed_at,
                            customer_name, paid_at_venue, booked_by)
  select player, c.venue_id, 'confirmed', 2000, v.currency, now(),
         case when player is null then 'Walk In' end, player is null,
         case when player is null then v.owner_id end
  from data.court c join data.venue v on v.id = c.venue_id where c.id = court
  returning id into bid;
  insert into data.booking_slot (booking_id, slot_id, price_cents) values (bid, sid, 2000);
  insert into bk values (label, bid);
  return bid;
end $$;
-- court 10102 (venue 10001); hours far from the fixture's slots (3 days ahead)
select pg_temp.booked('now', :'p1', 10102, date_trunc('minute', now()) - interval '10 minutes');
select pg_temp.booked('soon', :'p2', 10102, date_trunc('minute', now()) + interval '70 minutes');
select pg_temp.booked('in50', :'p2', 10102, date_trunc('minute', now()) + interval '4 hours');
select pg_temp.booked('ended', :'p1', 10102, now() - interval '1 day');
select pg_temp.booked('ns2', :'p1', 10102, now() - interval '2 days');
select pg_temp.booked('ns3', :'p1', 10102, now() - interval '3 days');
select pg_temp.booked('old', :'p1', 10102, now() - interval '9 days');
select pg_temp.booked('walkin', null, 10102, now() - interval '4 days');
select pg_temp.booked('ny', :'p1', 10201, now() - interval '1 day');
update data.slot s set start_at = date_trunc('minute', now()) + interval '50 minutes',
                       end_at = date_trunc('minute', now()) + interval '110 minutes'
  where s.id = (select slot_id from data.booking_slot where booking_id = (select id from bk where label = 'soon'));
update data.slot s set start_at = date_trunc('minute', now()) + interval '150 minutes',
                       end_at = date_trunc('minute', now()) + interval '210 minutes'
  where s.id = (select slot_id from data.booking_slot where booking_id = (select id from bk where label = 'in50'));
select id as b_now from bk where label = 'now' \gset
select id as b_soon from bk where label = 'soon' \gset
select id as b_later from bk where label = 'in50' \gset
select id as b_ended from bk where label = 'ended' \gset
select id as b_ns2 from bk where label = 'ns2' \gset
select id as b_ns3 from bk where label = 'ns3' \gset
select id as b_old from bk where label = 'old' \gset
select id as b_walkin from bk where label = 'walkin' \gset
select id as b_ny from bk where label = 'ny' \gset

-- who may check in
select test.act_as('anon');
select is(pg_temp.err(format('select api.check_in(%s)', :b_now)), 'sqlstate 42501', 'anon cannot check in');
reset role;
select test.act_as('player', :'p1');
select is(pg_temp.err(format('select api.check_in(%s)', :b_now)), 'sqlstate 42501', 'players cannot check in');
reset role;
select test.act_as('owner', :'o2');
select is(pg_temp.err(format('select api.check_in(%s)', :b_now)), 'forbidden 403', 'another venue''s owner: forbidden');
reset role;
select test.act_as('owner', :'s2');
select is(pg_temp.err(format('select api.check_in(%s)', :b_now)), 'forbidden 403', 'staff without the bookings permission: forbidden');
select is(pg_temp.err(format('select api.mark_no_show(%s)', :b_ended)), 'forbidden 403', '... nor mark no-shows');
reset role;

-- the check-in window
select test.act_as('owner', :'s1');
select is(pg_temp.err('select api.check_in(null)'), 'invalid_input 400', 'no booking id');
select is(pg_temp.err('select api.check_in(999999)'), 'not_found 404', 'an unknown booking');
select is((pg_temp.err(format('select api.check_in(%s)', :b_later)) like 'invalid_input 400 %/%'), true,
  'more than 60 minutes before the start: invalid_input, the window in details');
select is((select checked_in_at is not null from api.check_in(:b_soon)), true, 'within 60 minutes of the start: checked in');
select is((select checked_in_at is not null from api.check_in(:b_now)), true, 'after the start, before the end: checked in');
select is((select checked_in_at from api.check_in(:b_now)), (select checked_in_at from data.booking where id = :b_now),
  'checking in again: the same answer');
select is((pg_temp.err(format('select api.check_in(%s)', :b_ended)) like 'invalid_input 400%'), true, 'after the end: invalid_input');
reset role;
select is((select checked_in_by from data.booking where id = :b_now), :'s1'::uuid, 'who checked in is recorded');
-- a cancelled booking
update data.booking set status = 'cancelled', cancelled_at = now() where id = :b_ny;
select test.act_as('owner', :'o2');
select is(pg_temp.err(format('select api.check_in(%s)', :b_ny)), 'invalid_input 400', 'a cancelled booking cannot be checked in');
select is(pg_temp.err(format('select api.mark_no_show(%s)', :b_ny)), 'invalid_input 400', '... nor marked a no-show');
reset role;
update data.booking set status = 'confirmed', cancelled_at = null where id = :b_ny;

-- no-shows
select test.act_as('owner', :'s1');
select is(pg_temp.err(format('select api.mark_no_show(%s)', :b_later)) like 'invalid_input 400 %', true, 'before the start: invalid_input');
select is(pg_temp.err(format('select api.mark_no_show(%s)', :b_now)), 'invalid_input 400', 'a checked-in booking is no no-show');
select is(pg_temp.err(format('select api.mark_no_show(%s)', :b_old)), 'invalid_input 400', 'more than 7 days after the end: too late');
select is((select row(booking_id, no_shows, suspended_until)::text from api.mark_no_show(:b_ended)),
  row(:b_ended, 1, null::timestamptz)::text, 'a no-show: {booking_id, no_shows: 1, suspended_until: null}');
select is((select no_shows from api.mark_no_show(:b_ended)), 1, 'marking again: the same count');
select is(pg_temp.err(format('select api.check_in(%s)', :b_ended)), 'invalid_input 400', 'a no-show cannot be checked in');
select is((select no_shows from api.mark_no_show(:b_ns2)), 2, 'a second no-show');
select is((select row(no_shows, suspended_until between now() + interval '30 days' - interval '1 minute' and now() + interval '30 days')::text
           from api.mark_no_show(:b_ns3)),
  row(3, true)::text, 'the third (the default limit): suspended for the default 30 days');
select is((select row(no_shows, suspended_until is null)::text from api.mark_no_show(:b_walkin)), row(null::int, true)::text,
  'a walk-in no-show: no account to count');
select is((select no_show_at is not null from api.venue_bookings where id = :b_ended), true, 'venue_bookings shows the no-show');
select is((select checked_in_at is not null from api.venue_bookings where id = :b_now), true, '... and the check-in');
select is((select count(*)::int from api.player_suspensions where active), 1, 'the desk sees the suspension');
reset role;
select is((select kind from data.notification where user_id = :'p1' and booking_id = :b_ns3 order by id desc limit 1),
  'player_suspended', 'the player is told');
select is((select no_show_by from data.booking where id = :b_ended), :'s1'::uuid, 'who marked the no-show is recorded');

-- the suspension: at this venue only
select test.act_as('player', :'p1');
select is(pg_temp.err('select api.hold_slots(array[11008::bigint])'),
  'player_suspended 403 ' || (select to_char(until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') from data.player_suspension),
  'hold_slots at the venue: player_suspended, the end in details');
select is((select count(*)::int from data.booking where player_id = :'p1' and status = 'pending'), 0, 'nothing was held');
select lives_ok($$select api.hold_slots(array[12003::bigint])$$, 'another venue: holding works');
select is((select row(venue_name, no_shows, active)::text from api.player_suspensions),
  row('Madrid Padel', 3, true)::text, 'the player sees their suspension');
reset role;
select test.act_as('player', :'p2');
select lives_ok($$select api.hold_slots(array[11009::bigint])$$, 'another player holds there as usual');
select is((select count(*)::int from api.player_suspensions), 0, '... and sees no one''s suspension');
reset role;
select test.act_as('owner', :'o1');
select is((select count(*)::int from api.player_suspensions where player_name = 'Player One'), 1, 'the owner sees the suspension');
reset role;
select test.act_as('owner', :'o2');
select is((select count(*)::int from api.player_suspensions), 0, 'another venue''s owner does not');
reset role;

-- undoing a no-show: the owner's, within 24 hours
select test.act_as('owner', :'s1');
select is(pg_temp.err(format('select api.undo_no_show(%s)', :b_ns3)), 'forbidden 403', 'staff cannot undo a no-show');
reset role;
select test.act_as('owner', :'o1');
select is(pg_temp.err(format('select api.undo_no_show(%s)', :b_soon)), 'invalid_input 400', 'not a no-show');
select is((select row(no_shows, suspended_until)::text from api.undo_no_show(:b_ns3)), row(2, null::timestamptz)::text,
  'undo: two no-shows left, the suspension lifted');
reset role;
select is((select lifted_by from data.player_suspension), :'o1'::uuid, 'the suspension records who lifted it');
select test.act_as('player', :'p1');
select lives_ok($$select api.hold_slots(array[11008::bigint])$$, 'the player may hold there again');
select is((select active from api.player_suspensions), false, 'their suspension shows as lifted');
reset role;
update data.booking set no_show_at = now() - interval '25 hours' where id = :b_ns2;
select test.act_as('owner', :'o1');
select is(pg_temp.err(format('select api.undo_no_show(%s)', :b_ns2)), 'invalid_input 400', 'after 24 hours a no-show stays');
reset role;

-- the rules
select test.act_as('owner', :'s1');
select is(pg_temp.err('select api.set_no_show_rules(10001, 2, 7)'), 'forbidden 403', 'staff cannot set the rules');
reset role;
select test.act_as('owner', :'o2');
select is(pg_temp.err('select api.set_no_show_rules(10001, 2, 7)'), 'forbidden 403', 'nor another venue''s owner');
reset role;
select test.act_as('owner', :'o1');
select is(pg_temp.err('select api.set_no_show_rules(10001, 0, 7)'), 'invalid_input 400', 'a limit below 1');
select is(pg_temp.err('select api.set_no_show_rules(10001, 101, 7)'), 'invalid_input 400', 'a limit above 100');
select is(pg_temp.err('select api.set_no_show_rules(10001, 2, 0)'), 'invalid_input 400', 'no days');
select is(pg_temp.err('select api.set_no_show_rules(10001, 2, 366)'), 'invalid_input 400', 'more than a year');
select is(pg_temp.err('select api.set_no_show_rules(10001, 2, null)'), 'invalid_input 400', 'null days');
select is(pg_temp.err('select api.set_no_show_rules(null, 2, 7)'), 'invalid_input 400', 'no venue');
select is((select row(venue_id, no_show_limit, no_show_suspension_days)::text from api.set_no_show_rules(10001, null)),
  row(10001, null::int, 30)::text, 'null: never suspend {venue_id, no_show_limit, no_show_suspension_days}');
select is((select suspended_until from api.mark_no_show(:b_ns3)), null, 'without a limit, the third no-show suspends no one');
select is((select row(no_show_limit, no_show_suspension_days)::text from api.set_no_show_rules(10001, 3, 2)),
  row(3, 2)::text, 'a limit of 3, two days');
select lives_ok(format('select api.undo_no_show(%s)', :b_ns3), 'undo the third again');
select is((select suspended_until between now() + interval '2 days' - interval '1 minute' and now() + interval '2 days'
           from api.mark_no_show(:b_ns3) m), true,
  'at the limit again: suspended for the venue''s two days');
reset role;
select test.act_as('admin', :'ad');
select is((select no_show_limit from api.set_no_show_rules(10002, 5, 10)), 5, 'an admin may set any venue''s rules');
reset role;
select is((select count(*)::int from data.notification where kind = 'no_show_recorded' and user_id = :'p1') >= 3, true,
  'each no-show is told to the player');

select * from finish();
rollback;
