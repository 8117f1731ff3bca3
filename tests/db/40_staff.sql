-- Staff with permissions (issue 20): an owner invites people to one venue with
-- named permissions; every owner function checks the permission it needs there
-- (data.venue_for_permission); the views show staff exactly what they are
-- granted; staff of another venue, staff without the permission and removed
-- staff get nothing; nobody but the owner (or an admin) manages staff.
begin;
select plan(88);
\ir ../engine/fixtures/engine_fixture.sql
\set s1 e0000000-0000-0000-0000-0000000000d1
\set s2 e0000000-0000-0000-0000-0000000000d2
\set s3 e0000000-0000-0000-0000-0000000000d3
\set s4 e0000000-0000-0000-0000-0000000000d4
-- s1: desk (bookings) at 10001; s2: schedule + reports at 10001; s3: everything
-- at 10002 (another venue); s4: bookings at 10001, removed below.
insert into data.app_user (id, email, password_hash, full_name, role) values
  (:'s1', 's1@engine.test', 'x', 'Desk One', 'owner'),
  (:'s2', 's2@engine.test', 'x', 'Planner Two', 'owner'),
  (:'s3', 's3@engine.test', 'x', 'Other Venue', 'owner'),
  (:'s4', 's4@engine.test', 'x', 'Former Staff', 'owner');
insert into data.availability_rule (court_id, weekday, opens, closes, slot_minutes, price_cents)
values (10101, 1, '09:00', '10:00', 60, 2000), (10201, 1, '09:00', '10:00', 60, 3000);

-- inviting: the owner only, with good input
select test.act_as('owner', :'o1');
select is((select row(ok, venue_id, user_id, permissions, account_created)::text
           from api.invite_staff(10001, 'S1@Engine.test', array['bookings'])),
  row(true, 10001::bigint, :'s1'::uuid, array['bookings'], false)::text,
  'invite_staff finds the account by email (any case): {ok, venue_id, user_id, permissions, account_created}');
select is(pg_temp.err($$select api.invite_staff(10001, 's2@engine.test', array['schedule', 'schedule'])$$), 'invalid_input 400',
  'duplicate permissions');
select is((select permissions from api.invite_staff(10001, 's2@engine.test', array['schedule', 'reports'])),
  array['reports', 'schedule'], 'permissions are stored sorted');
select lives_ok($$select api.invite_staff(10001, 's4@engine.test', array['bookings'])$$, 'a fourth staff member');
reset role;
select test.act_as('owner', :'o2');
select lives_ok($$select api.invite_staff(10002, 's3@engine.test', array['bookings', 'schedule', 'reports'])$$,
  'the other owner invites staff at their venue');
select is(pg_temp.err($$select api.invite_staff(10001, 's3@engine.test', array['bookings'])$$), 'forbidden 403',
  'an owner cannot invite staff to another owner''s venue');
reset role;
select is((select kind || ' ' || (payload ->> 'venue_name') || ' ' || (payload ->> 'channel')
           from data.notification where user_id = :'s1' order by id desc limit 1),
  'staff_invited Madrid Padel email', 'the invited person is told by email (outbox kind staff_invited)');

select test.act_as('owner', :'o1');
select is(pg_temp.err($$select api.invite_staff(10001, 'not-an-email', array['bookings'])$$), 'invalid_input 400', 'a bad email');
select is(pg_temp.err($$select api.invite_staff(10001, null, array['bookings'])$$), 'invalid_input 400', 'no email');
select is(pg_temp.err($$select api.invite_staff(10001, 'x@engine.test', array[]::text[])$$), 'invalid_input 400', 'no permissions');
select is(pg_temp.err($$select api.invite_staff(10001, 'x@engine.test', null)$$), 'invalid_input 400', 'null permissions');
select is(pg_temp.err($$select api.invite_staff(10001, 'x@engine.test', array['bookings', null])$$), 'invalid_input 400', 'a null permission');
select is(pg_temp.err($$select api.invite_staff(10001, 'x@engine.test', array['stripe'])$$), 'invalid_input 400 stripe',
  'an unknown permission, named in details');
select is(pg_temp.err($$select api.invite_staff(10001, 'p1@engine.test', array['bookings'])$$), 'invalid_input 400',
  'a player account cannot be made staff');
select is(pg_temp.err($$select api.invite_staff(10001, 'o1@engine.test', array['bookings'])$$), 'invalid_input 400',
  'the owner is not staff of their own venue');
select is(pg_temp.err($$select api.invite_staff(null, 'x@engine.test', array['bookings'])$$), 'invalid_input 400', 'no venue');
select is(pg_temp.err($$select api.invite_staff(999999, 'x@engine.test', array['bookings'])$$), 'not_found 404', 'an unknown venue');
-- a new person: an account with role owner and no password, a password-set code by email
select is((select account_created from api.invite_staff(10001, 'New.Desk@Engine.test', array['bookings'], 'Nuria Desk')), true,
  'a new email creates the account');
reset role;
select is((select row(role::text, full_name, password_hash like '$2%')::text from data.app_user where email = 'new.desk@engine.test'),
  row('owner', 'Nuria Desk', false)::text, 'the new account: role owner, the given name, no usable password');
select is((select count(*)::int from data.account_code c join data.app_user u on u.id = c.user_id
           where u.email = 'new.desk@engine.test' and c.purpose = 'password_reset' and c.used_at is null
             and c.expires_at > now() + interval '6 days'), 1, 'a password-set code valid for days');
select ok((select (n.payload ->> 'code') ~ '^[0-9]{6}$' and n.payload ->> 'body' like '%' || (n.payload ->> 'code') || '%'
           and public.crypt(n.payload ->> 'code', c.code_hash) = c.code_hash
           from data.notification n join data.app_user u on u.id = n.user_id
           join data.account_code c on c.user_id = u.id
           where u.email = 'new.desk@engine.test' and n.kind = 'staff_invited'),
  'the invitation email carries the code, stored only as its bcrypt hash');
select ok(not data.password_matches('', (select password_hash from data.app_user where email = 'new.desk@engine.test')),
  'nothing logs in to the new account before a password is set');
select n.payload ->> 'code' as invite_code from data.notification n join data.app_user u on u.id = n.user_id
 where u.email = 'new.desk@engine.test' and n.kind = 'staff_invited' \gset
select test.act_as('anon');
select is((select (r ->> 'ok')::boolean from api.reset_password('new.desk@engine.test', :'invite_code', 'Desk2026pass') r), true,
  'the invitation''s code sets the password (api.reset_password)');
reset role;
select ok(data.password_matches('Desk2026pass', (select password_hash from data.app_user where email = 'new.desk@engine.test')),
  '... and the new staff member can log in with it');
-- inviting again changes the permissions
select test.act_as('owner', :'o1');
select is((select row(permissions, account_created)::text from api.invite_staff(10001, 'new.desk@engine.test', array['reports'])),
  row(array['reports'], false)::text, 'inviting a staff member again replaces their permissions');
reset role;
select is((select kind from data.notification n join data.app_user u on u.id = n.user_id
           where u.email = 'new.desk@engine.test' order by n.id desc limit 1),
  'staff_permissions_changed', '... and tells them');

-- some bookings to look at: a player's hold at each venue, a desk booking at 10001
select test.act_as('player', :'p1');
insert into bk select 'p1_10001', (to_json(api.hold_slots(array[11006::bigint])) ->> 'booking_id')::bigint;
reset role;
select test.act_as('player', :'p2');
insert into bk select 'p2_10002', (to_json(api.hold_slots(array[12005::bigint])) ->> 'booking_id')::bigint;
reset role;

-- bookings permission (s1 at 10001)
select test.act_as('owner', :'s1');
select lives_ok($$insert into bk select 'desk', b.booking_id from api.owner_book(array[11001::bigint], 'Walk In') b$$,
  'bookings staff: owner_book at their venue');
select is(pg_temp.err($$select api.owner_book(array[12001::bigint], 'Walk In')$$), 'forbidden 403', 'bookings staff: not at another venue');
select is(array(select id from api.venue_bookings order by id),
  array(select id from bk where label in ('p1_10001', 'desk') order by id),
  'bookings staff: venue_bookings lists their venue''s bookings only');
select is((select player_name from api.venue_bookings where id = (select id from bk where label = 'p1_10001')), 'Player One',
  '... with the player''s name');
-- a chargeback on that booking: the desk sees it as the owner does (disputed),
-- staff of another venue do not see the dispute at all
reset role;
insert into data.payment (booking_id, stripe_payment_intent_id, amount_cents, currency, status, succeeded_at,
                          amount_received_cents, application_fee_cents)
values ((select id from bk where label = 'p1_10001'), 'pi_staff_dispute', 2000, 'EUR', 'succeeded', now(), 2000, 200);
insert into data.dispute (payment_id, booking_id, stripe_dispute_id, amount_cents, currency, reason, status,
                          opened_at, stripe_updated_at)
select p.id, p.booking_id, 'dp_staff_1', 2000, 'EUR', 'fraudulent', 'needs_response', now(), now()
from data.payment p where p.stripe_payment_intent_id = 'pi_staff_dispute';
select test.act_as('owner', :'s3');
select is((select count(*)::int from data.dispute), 0, 'staff of another venue see none of this venue''s disputes');
select test.act_as('owner', :'s1');
select is((select disputed from api.venue_bookings where id = (select id from bk where label = 'p1_10001')), true,
  'bookings staff: venue_bookings shows the booking disputed, as the owner sees it');
select is((select count(*)::int from api.court_slots where venue_id = 10001) > 0 and
          (select count(*)::int from api.court_slots where venue_id <> 10001) = 0, true,
  'bookings staff: court_slots of their venue only (the desk grid)');
select is((select count(*)::int from api.availability_rules), 0, 'bookings staff: no availability rules');
select is(pg_temp.err($$select api.set_availability(10101, '[]')$$), 'forbidden 403', 'bookings staff: no set_availability');
select is(pg_temp.err($$select api.generate_slots(10001)$$), 'forbidden 403', 'bookings staff: no generate_slots');
select is(pg_temp.err($$select api.block_slots(array[11010::bigint])$$), 'forbidden 403', 'bookings staff: no block_slots');
select is(pg_temp.err($$select api.venue_report(10001, now(), now() + interval '7 days')$$), 'forbidden 403', 'bookings staff: no venue_report');
select is((select count(*)::int from api.my_venues), 0, 'staff never see the venue''s Stripe settings (my_venues)');
select is(array(select venue_id from api.venue_staff), array[10001::bigint], 'staff see their own staff row: where they work');
select is((select permissions from api.venue_staff), array['bookings'], '... and what they may do there');
select is(pg_temp.err($$select api.create_court(10001, 'Pista 9', 'padel')$$), 'forbidden 403', 'staff cannot add courts');
select is(pg_temp.err($$select api.update_venue(10001, name => 'Mine now')$$), 'forbidden 403', 'staff cannot change the venue');
select is(pg_temp.err($$select api.invite_staff(10001, 'x@engine.test', array['bookings'])$$), 'forbidden 403', 'staff cannot invite staff');
select is(pg_temp.err(format($$select api.remove_staff(10001, %L)$$, :'s2')), 'forbidden 403', 'staff cannot remove staff');
select is((select b.status from api.owner_cancel_booking((select id from bk where label = 'desk'), 'customer called') b),
  'cancelled', 'bookings staff: owner_cancel_booking');
select is(pg_temp.err(format('select api.owner_cancel_booking(%s)', (select id from bk where label = 'p2_10002'))), 'forbidden 403',
  'bookings staff: not another venue''s booking');
reset role;
select is((select cancelled_by from data.booking where id = (select id from bk where label = 'desk')), :'s1'::uuid,
  'the history says which staff member cancelled');

-- schedule + reports (s2 at 10001)
select test.act_as('owner', :'s2');
select is((select r.rules from api.set_availability(10102, '[{"weekday":2,"opens":"08:00","closes":"09:00","slot_minutes":60,"price_cents":1500}]') r),
  1, 'schedule staff: set_availability at their venue');
select is(pg_temp.err($$select api.set_availability(10201, '[]')$$), 'forbidden 403', 'schedule staff: not at another venue');
select lives_ok($$select api.generate_slots(10001, days => 7)$$, 'schedule staff: generate_slots (venue)');
select lives_ok($$select api.generate_slots(court_id => 10102, days => 7)$$, 'schedule staff: generate_slots (court)');
select is(pg_temp.err($$select api.generate_slots(10002)$$), 'forbidden 403', 'schedule staff: not another venue''s');
select is((select r.blocked from api.block_slots(array[11010::bigint], reason => 'repairs') r), 1, 'schedule staff: block_slots');
select is((select r.unblocked from api.unblock_slots(array[11010::bigint]) r), 1, 'schedule staff: unblock_slots');
select is(pg_temp.err($$select api.block_slots(array[12004::bigint])$$), 'forbidden 403', 'schedule staff: not another venue''s slots');
select is(pg_temp.err($$select api.block_slots(court_id => 10201, "from" => now(), "to" => now() + interval '1 day')$$), 'forbidden 403',
  'schedule staff: not another venue''s court');
select is((select count(*)::int from api.availability_rules where venue_id = 10001) > 0 and
          (select count(*)::int from api.availability_rules where venue_id <> 10001) = 0, true,
  'schedule staff: their venue''s availability rules only');
select is((select r.bookings >= 0 from api.venue_report(10001, now(), now() + interval '7 days') r), true,
  'reports staff: venue_report at their venue');
select is(pg_temp.err($$select api.venue_report(10002, now(), now() + interval '7 days')$$), 'forbidden 403', 'reports staff: not another venue''s');
select is((select count(*)::int from api.venue_bookings), 0, 'without the bookings permission: no venue_bookings');
select is(pg_temp.err($$select api.owner_book(array[11002::bigint], 'Walk In')$$), 'forbidden 403', 'without the bookings permission: no owner_book');
select is((select count(*)::int from api.payout_reports), 0, 'staff never see payout reports');
reset role;

-- staff of another venue (s3 at 10002, every permission) see nothing of 10001
select test.act_as('owner', :'s3');
select is(array(select id from api.venue_bookings), array(select id from bk where label = 'p2_10002'),
  'another venue''s staff: only their venue''s bookings');
select is((select count(*)::int from api.court_slots where venue_id = 10001), 0, 'another venue''s staff: none of 10001''s slots');
select is(pg_temp.err($$select api.owner_book(array[11003::bigint], 'Walk In')$$), 'forbidden 403', 'another venue''s staff: no owner_book');
select is(pg_temp.err($$select api.set_availability(10101, '[]')$$), 'forbidden 403', 'another venue''s staff: no set_availability');
select is(pg_temp.err($$select api.venue_report(10001, now(), now() + interval '7 days')$$), 'forbidden 403', 'another venue''s staff: no venue_report');
select is(pg_temp.err(format('select api.owner_cancel_booking(%s)', (select id from bk where label = 'p1_10001'))), 'forbidden 403',
  'another venue''s staff: no owner_cancel_booking');
select is(array(select venue_id from api.venue_staff), array[10002::bigint], 'another venue''s staff: only their own staff row');
reset role;

-- the owner sees the staff of their venue, the other owner none of them
select test.act_as('owner', :'o1');
select is(array(select full_name from api.venue_staff order by full_name),
  array['Desk One', 'Former Staff', 'Nuria Desk', 'Planner Two'], 'the owner lists their venue''s staff with names');
select is(array(select venue_id from api.venue_staff where venue_id <> 10001), '{}'::bigint[], '... and no other venue''s');
-- removing
select is(pg_temp.err(format($$select api.remove_staff(10001, %L)$$, :'s3')), 'not_found 404', 'removing someone who is not staff there');
select is(pg_temp.err($$select api.remove_staff(10001, null)$$), 'invalid_input 400', 'removing without a user');
select is((select ok from api.remove_staff(10001, :'s4')), true, 'remove_staff: {ok: true}');
reset role;
select is((select kind from data.notification where user_id = :'s4' order by id desc limit 1), 'staff_removed', 'the removed member is told');
select test.act_as('owner', :'o2');
select is(pg_temp.err(format($$select api.remove_staff(10001, %L)$$, :'s1')), 'forbidden 403', 'another owner cannot remove my staff');
reset role;
-- removed staff: nothing any more
select test.act_as('owner', :'s4');
select is(pg_temp.err($$select api.owner_book(array[11004::bigint], 'Walk In')$$), 'forbidden 403', 'removed staff: no owner_book');
select is((select count(*)::int from api.venue_bookings), 0, 'removed staff: no venue_bookings');
select is((select count(*)::int from api.court_slots), 0, 'removed staff: no court_slots');
select is((select count(*)::int from api.venue_staff), 0, 'removed staff: no staff row');
reset role;
-- narrowed staff: the new permissions count from the next call on
select test.act_as('owner', :'o1');
select lives_ok($$select api.invite_staff(10001, 's1@engine.test', array['reports'])$$, 's1 loses the bookings permission');
reset role;
select test.act_as('owner', :'s1');
select is(pg_temp.err($$select api.owner_book(array[11004::bigint], 'Walk In')$$), 'forbidden 403', 'narrowed staff: no owner_book');
select is((select count(*)::int from api.venue_bookings), 0, 'narrowed staff: no venue_bookings');
reset role;
-- an admin may do it all, and staff rows go with their venue
select test.act_as('admin', :'ad');
select lives_ok($$select api.invite_staff(10002, 's1@engine.test', array['bookings'])$$, 'an admin invites staff anywhere');
select is((select count(*)::int from api.venue_staff), 5, 'an admin sees every staff row (three at 10001, two at 10002)');
reset role;
-- players and anon cannot call any of it
select test.act_as('player', :'p1');
select is(pg_temp.err($$select api.invite_staff(10001, 'x@engine.test', array['bookings'])$$), 'sqlstate 42501', 'players cannot invite');
reset role;
select test.act_as('anon');
select is(pg_temp.err($$select * from api.venue_staff$$), 'sqlstate 42501', 'anon cannot read venue_staff');
reset role;

select * from finish();
rollback;
