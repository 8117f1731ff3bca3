-- Venue publication (issue 17): the owner of a rejected venue sends it for review
-- again (request_venue_review) once they fixed what the note asked: it is
-- pending_review, back on the admins' list (what the admin panel's Reviews page
-- reads), the note kept until the next review. Only its owner may ask; a published
-- venue cannot be asked for; nothing changes on a refusal.
begin;
select plan(14);
\set o1 00000000-0000-0000-0000-0000000057a1
\set o2 00000000-0000-0000-0000-0000000057a2
\set ad 00000000-0000-0000-0000-0000000057ad
\set s1 00000000-0000-0000-0000-0000000057c1
\set p1 00000000-0000-0000-0000-0000000057b1
insert into data.app_user (id, email, password_hash, full_name, role) values
  (:'o1', 'o1@rereview.test', 'x', 'Owner One', 'owner'),
  (:'o2', 'o2@rereview.test', 'x', 'Owner Two', 'owner'),
  (:'s1', 's1@rereview.test', 'x', 'Desk One', 'owner'),
  (:'ad', 'ad@rereview.test', 'x', 'Admin', 'admin'),
  (:'p1', 'p1@rereview.test', 'x', 'Player One', 'player');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, review_status) overriding system value values
  (57001, :'o1', 'Rejected Club', 'A', 'Madrid', 40.41, -3.70, 'Europe/Madrid', 'pending_review'),
  (57002, :'o1', 'Live Club', 'B', 'Madrid', 40.41, -3.70, 'Europe/Madrid', 'published');
insert into data.venue_staff (venue_id, user_id, permissions) values
  (57001, :'s1', '{bookings,schedule,reports}');

select test.act_as('admin', :'ad');
select is((api.review_venue(57001, false, 'Add photos of the courts')).review_status, 'rejected', 'the admin rejects the venue');

-- Others may not ask.
select test.act_as('owner', :'o2');
select is(test.api_error('select api.request_venue_review(57001)') ->> 'code', 'not_found', 'another owner: not_found');
select test.act_as('owner', :'s1');
select is(test.api_error('select api.request_venue_review(57001)') ->> 'code', 'not_found',
  'its staff (even with every permission): not_found; publication is the owner''s');
select test.act_as('player', :'p1');
select is(test.api_error('select api.request_venue_review(57001)') ->> 'sqlstate', '42501',
  'a player has no EXECUTE (PostgREST: 403)');
reset role;
select ok(not has_function_privilege('anon', 'api.request_venue_review(bigint)', 'execute'), 'nor anon');
select is((select review_status from data.venue where id = 57001), 'rejected', 'nothing changed');

-- Its owner asks: pending again, the note kept, on the admins' list.
select test.act_as('owner', :'o1');
select is(test.api_error('select api.request_venue_review(999999)') ->> 'code', 'not_found', 'an unknown venue: not_found');
select is(test.api_error('select api.request_venue_review(57002)') ->> 'code', 'invalid_input', 'a published venue: invalid_input');
select is(to_jsonb(api.request_venue_review(57001)), '{"venue_id": 57001, "review_status": "pending_review"}',
  'request_venue_review: {venue_id, review_status: pending_review}');
select is((select review_status || ': ' || review_note from api.my_venues where id = 57001),
  'pending_review: Add photos of the courts', 'my_venues: waiting again, the note still there');
select is(to_jsonb(api.request_venue_review(57001)), '{"venue_id": 57001, "review_status": "pending_review"}',
  'asking again while waiting answers the same');
select test.act_as('anon');
select is((select count(*)::int from api.venues where id = 57001), 0, 'players still do not find it');
select test.act_as('admin', :'ad');
select ok(57001 in (select id from api.my_venues where review_status = 'pending_review'), 'it is on the admins'' review list again');
select is((api.review_venue(57001, true)).review_status, 'published', 'and the admin publishes it');

select * from finish();
rollback;
