-- Venue publication (issue 17): an owner's new venue is pending_review and seen
-- only by its owner, its staff and admins until an admin publishes it
-- (review_venue); players and anon find published venues only, in every read
-- (venues, courts, nearby_venues, available_slots, search_slots), and a hold at
-- an unpublished venue is not_found; the owner is told of the review; existing
-- venues stay published; the desk books its own courts before publication.
begin;
select plan(40);
\set o1 00000000-0000-0000-0000-0000000043a1
\set o2 00000000-0000-0000-0000-0000000043a2
\set ad 00000000-0000-0000-0000-0000000043ad
\set p1 00000000-0000-0000-0000-0000000043b1
\set p2 00000000-0000-0000-0000-0000000043b2
insert into data.app_user (id, email, password_hash, full_name, role) values
  (:'o1', 'o1@publication.test', 'x', 'Owner One', 'owner'),
  (:'o2', 'o2@publication.test', 'x', 'Owner Two', 'owner'),
  (:'ad', 'ad@publication.test', 'x', 'Admin', 'admin'),
  (:'p1', 'p1@publication.test', 'x', 'Player One', 'player'),
  (:'p2', 'p2@publication.test', 'x', 'Player Two', 'player');
-- A venue that existed before (a direct insert, as the upgrade's existing rows): published.
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone) overriding system value values
  (43001, :'o2', 'Old Club', 'A', 'Madrid', 40.41, -3.70, 'Europe/Madrid');
select is((select review_status from data.venue where id = 43001), 'published', 'a venue that exists already is published');

-- The owner creates a venue: pending_review.
select test.act_as('owner', :'o1');
create temp table created as
  select to_jsonb(api.create_venue('New Club', 'Calle 1', 'Madrid', 40.42, -3.69, 'Europe/Madrid')) as a;
grant select on created to public;
select is((select a ->> 'review_status' from created), 'pending_review', 'create_venue: an owner''s venue starts pending_review');
reset role;
create temp table ids as select (a ->> 'venue_id')::bigint as venue_id from created;
grant select on ids to public;
insert into data.court (id, venue_id, name, sport) overriding system value
  select 43101, venue_id, 'Pista 1', 'padel' from ids;
insert into data.court (id, venue_id, name, sport) overriding system value values (43102, 43001, 'Pista A', 'padel');
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value values
  (43201, 43101, date_trunc('hour', now()) + interval '1 day 2 hours', date_trunc('hour', now()) + interval '1 day 3 hours', 2000),
  (43202, 43101, date_trunc('hour', now()) + interval '1 day 3 hours', date_trunc('hour', now()) + interval '1 day 4 hours', 2000),
  (43203, 43102, date_trunc('hour', now()) + interval '1 day 2 hours', date_trunc('hour', now()) + interval '1 day 3 hours', 2000);

-- Players and anon do not find it anywhere.
select test.act_as('anon');
select is(array(select id from api.venues where id in (43001, (select venue_id from ids)) order by id), array[43001::bigint],
  'anon: GET /venues lists the published venue only');
select is((select count(*)::int from api.courts where id = 43101), 0, 'anon: nor its courts');
select is((select count(*)::int from api.nearby_venues(40.42, -3.69, 5) n where n.id = (select venue_id from ids)), 0,
  'anon: nearby_venues does not find it');
select is(test.api_error(format('select api.available_slots(venue_id => %s, "from" => now(), "to" => now() + interval ''3 days'')',
           (select venue_id from ids))) ->> 'code', 'not_found', 'anon: available_slots of it is not_found, as an unknown venue');
select is((select array_agg(slot_id order by slot_id) from api.search_slots(40.42, -3.69, 5, date_trunc('hour', now()) + interval '1 day', date_trunc('hour', now()) + interval '1 day 12 hours')
           where venue_id in (43001, (select venue_id from ids))), array[43203::bigint],
  'anon: search_slots lists the published venue''s slot only');
select test.act_as('player', :'p1');
select is(array(select id from api.venues where id in (43001, (select venue_id from ids)) order by id), array[43001::bigint],
  'a player: GET /venues lists the published venue only');
select is((select count(*)::int from data.slot where id in (43201, 43202)), 0, 'a player: its slots are not readable');
select is(test.api_error('select api.hold_slots(array[43201::bigint])') ->> 'code', 'not_found',
  'a hold at an unpublished venue: not_found');
select is((test.api_error('select api.hold_slots(array[43201::bigint])') ->> 'status')::int, 404, '... 404');
select is(test.api_error('select api.hold_slots(array[43203::bigint])'), null, 'a hold at a published venue goes through');
select test.act_as('owner', :'o2');
select is((select count(*)::int from api.venues where id = (select venue_id from ids)), 0, 'another owner does not see it');

-- Its owner does, with the status.
select test.act_as('owner', :'o1');
select is((select review_status from api.my_venues where id = (select venue_id from ids)), 'pending_review',
  'my_venues shows the owner the review status');
select is((select count(*)::int from api.venues where id = (select venue_id from ids)), 1, 'the owner sees the venue in GET /venues');
select is((select count(*)::int from api.courts where venue_id = (select venue_id from ids)), 1, '... and its courts');
select is(test.api_error('select api.owner_book(array[43202::bigint], ''Walk In'')'), null,
  'the desk books its own court before publication (owner_book)');
select is(test.api_error('select api.review_venue((select venue_id from ids), true)') ->> 'sqlstate', '42501',
  'an owner may not review (no EXECUTE: PostgREST answers 403)');
reset role;
select ok(not has_function_privilege('player', 'api.review_venue(bigint, boolean, text)', 'execute')
          and not has_function_privilege('anon', 'api.review_venue(bigint, boolean, text)', 'execute'),
  'nor a player or anon');

-- The admin sees it, and rejects it with a note.
select test.act_as('admin', :'ad');
select is((select count(*)::int from api.venues where id = (select venue_id from ids)), 1, 'an admin sees the venue waiting');
select is(test.api_error('select api.review_venue(999999, true)') ->> 'code', 'not_found', 'review_venue: an unknown venue is not_found');
select is(test.api_error('select api.review_venue((select venue_id from ids), null)') ->> 'code', 'invalid_input',
  'publish must be given');
select is(test.api_error(format('select api.review_venue(%s, false, %L)', (select venue_id from ids), repeat('x', 1001))) ->> 'code',
  'invalid_input', 'a note over 1000 characters: invalid_input');
select is(to_jsonb(api.review_venue((select venue_id from ids), false, '  Photos missing  ')),
  jsonb_build_object('venue_id', (select venue_id from ids), 'review_status', 'rejected'), 'review_venue rejects: {venue_id, review_status}');
reset role;
select is((select payload ->> 'note' from data.notification where user_id = :'o1' and kind = 'venue_rejected'), 'Photos missing',
  'the owner is told it was rejected, with the note');
select test.act_as('owner', :'o1');
select is((select review_status || ': ' || review_note from api.my_venues where id = (select venue_id from ids)),
  'rejected: Photos missing', 'my_venues shows the rejection and the note');
select test.act_as('anon');
select is((select count(*)::int from api.venues where id = (select venue_id from ids)), 0, 'a rejected venue stays hidden');

-- Published: everyone finds it, players hold there.
select test.act_as('admin', :'ad');
select is((api.review_venue((select venue_id from ids), true)).review_status, 'published', 'review_venue publishes');
select is((api.review_venue((select venue_id from ids), true)).review_status, 'published', 'publishing again answers the same');
reset role;
select is((select count(*)::int from data.notification where user_id = :'o1' and kind = 'venue_published'), 1,
  'the owner is told once that it is published');
select is((select reviewed_by from data.venue where id = (select venue_id from ids)), :'ad'::uuid, 'the reviewer is recorded');
select test.act_as('anon');
select is((select count(*)::int from api.venues where id = (select venue_id from ids)), 1, 'anon finds the published venue');
select is((select count(*)::int from api.nearby_venues(40.42, -3.69, 5) n where n.id = (select venue_id from ids)), 1,
  '... through nearby_venues too');
select test.act_as('player', :'p1');
create temp table held as select to_json(api.hold_slots(array[43201::bigint])) as a;
select ok((select a is not null from held), 'a player holds a slot there now');

-- Taken down later: players no longer find it; the player with a booking still sees it.
select test.act_as('admin', :'ad');
select is((api.review_venue((select venue_id from ids), false, 'Fraud report')).review_status, 'rejected', 'an admin may take a venue down');
select test.act_as('player', :'p2');
select is((select count(*)::int from api.venues where id = (select venue_id from ids)), 0, 'other players no longer find it');
select test.act_as('player', :'p1');
select is((select count(*)::int from api.venues where id = (select venue_id from ids)), 1,
  'the player with a booking there still reads the venue');
select is((select count(*)::int from api.bookings where venue_id = (select venue_id from ids)), 1, '... and their booking');

-- The platform may publish owners' venues without review.
reset role;
update data.platform_settings set venue_review_required = false;
select test.act_as('owner', :'o2');
select is((to_jsonb(api.create_venue('Open Club', 'Calle 2', 'Madrid', 40.43, -3.68, 'Europe/Madrid'))) ->> 'review_status',
  'published', 'venue_review_required false: an owner''s venue is published at once');
reset role;
update data.platform_settings set venue_review_required = true;
select test.act_as('admin', :'ad');
select is((to_jsonb(api.create_venue('Admin Club', 'Calle 3', 'Madrid', 40.44, -3.67, 'Europe/Madrid', owner_id => :'o2'))) ->> 'review_status',
  'published', 'an admin''s venue is published at once');
reset role;

select * from finish();
rollback;
