-- Venue details (issue 17, API.md GET /venues 0.2): description, photos (https URLs)
-- and amenities (a fixed vocabulary) on data.venue, bounded by constraints; the owner
-- sets them with create_venue and update_venue (bad input: invalid_input 400, nothing
-- changes); GET /venues shows them with price_from_cents, the cheapest price of the
-- venue's courts' weekly rules (null when none; kept on the venue by triggers), also
-- to anon, who cannot read rules.
begin;
select plan(62);
\set o1 00000000-0000-0000-0000-0000000054a1
\set o2 00000000-0000-0000-0000-0000000054a2
insert into data.app_user (id, email, password_hash, full_name, role) values
  (:'o1', 'o1@details.test', 'x', 'Owner One', 'owner'),
  (:'o2', 'o2@details.test', 'x', 'Owner Two', 'owner');

-- The columns and their constraints.
select col_type_is('data', 'venue', 'description', 'text', 'data.venue.description is text');
select col_type_is('data', 'venue', 'photos', 'text[]', 'data.venue.photos is text[]');
select col_type_is('data', 'venue', 'amenities', 'text[]', 'data.venue.amenities is text[]');
select col_not_null('data', 'venue', 'photos', 'photos is not null (empty: none)');
select col_not_null('data', 'venue', 'amenities', 'amenities is not null (empty: none)');
select is(array(select a.attname::text from pg_attribute a
                where a.attrelid = 'data.venue'::regclass and a.attname in ('description', 'photos', 'amenities')
                  and col_description(a.attrelid, a.attnum) is null),
  '{}'::text[], 'each new column has a comment');

insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone) overriding system value values
  (54001, :'o2', 'Plain Club', 'A', 'Madrid', 40.41, -3.70, 'Europe/Madrid');
select is((select array[photos, amenities] from data.venue where id = 54001), array['{}'::text[], '{}'::text[]],
  'an existing venue has no photos and no amenities');
select is((select description from data.venue where id = 54001), null, '... and no description');
select throws_ok($$update data.venue set description = repeat('x', 2001) where id = 54001$$, '23514', null,
  'the table refuses a description over 2000 characters');
select throws_ok($$update data.venue set description = '   ' where id = 54001$$, '23514', null,
  'the table refuses a blank description');
select throws_ok($$update data.venue set photos = '{http://example.com/a.jpg}' where id = 54001$$, '23514', null,
  'the table refuses a photo that is not https');
select throws_ok($$update data.venue set photos = array_fill('https://example.com/a.jpg'::text, array[1])
                   || array(select 'https://example.com/' || i || '.jpg' from generate_series(1, 10) i) where id = 54001$$,
  '23514', null, 'the table refuses more than 10 photos');
select throws_ok($$update data.venue set photos = array['https://example.com/' || repeat('a', 2030)] where id = 54001$$,
  '23514', null, 'the table refuses a photo URL over 2048 characters');
select throws_ok($$update data.venue set photos = '{https://example.com/a.jpg,https://example.com/a.jpg}' where id = 54001$$,
  '23514', null, 'the table refuses the same photo twice');
select throws_ok($$update data.venue set amenities = '{parking,helipad}' where id = 54001$$, '23514', null,
  'the table refuses an amenity outside the vocabulary');
select throws_ok($$update data.venue set amenities = '{parking,parking}' where id = 54001$$, '23514', null,
  'the table refuses an amenity twice');
select lives_ok($$update data.venue set photos = '{https://cdn.example.com/clubs/1/court.jpg?w=800&h=600}',
                                        amenities = '{parking,showers}', description = 'Four courts' where id = 54001$$,
  'the table takes https photos, known amenities and a description');

-- create_venue takes them.
select test.act_as('owner', :'o1');
create temp table made (label text primary key, venue_id bigint);
grant select, insert on made to public;
insert into made
select 'full', (to_json(api.create_venue('Club Full', 'Calle 1', 'Madrid', 40.42, -3.69, 'Europe/Madrid',
       description => '  Six glass courts by the park.  ',
       photos => array['https://example.com/1.jpg', ' https://example.com/2.jpg '],
       amenities => array['Showers', ' parking', 'showers', 'cafe'])) ->> 'venue_id')::bigint;
insert into made
select 'bare', (to_json(api.create_venue('Club Bare', 'Calle 2', 'Madrid', 40.43, -3.68, 'Europe/Madrid')) ->> 'venue_id')::bigint;
reset role;
select is((select description from data.venue where id = (select venue_id from made where label = 'full')),
  'Six glass courts by the park.', 'create_venue: the description, trimmed');
select is((select photos from data.venue where id = (select venue_id from made where label = 'full')),
  array['https://example.com/1.jpg', 'https://example.com/2.jpg'], '... the photos in their order, trimmed');
select is((select amenities from data.venue where id = (select venue_id from made where label = 'full')),
  array['cafe', 'parking', 'showers'], '... the amenities lower-cased, once each, sorted');
select is((select array[photos, amenities] from data.venue where id = (select venue_id from made where label = 'bare')),
  array['{}'::text[], '{}'::text[]], 'a venue created without them has none');

select test.act_as('owner', :'o1');
select is(test.api_error($$select api.create_venue('Bad', 'A', 'C', 1, 1, 'Europe/Madrid', photos => '{http://example.com/a.jpg}')$$)
          - 'headers',
  jsonb_build_object('code', 'invalid_input', 'status', 400,
                     'message', 'photos[1] must be an https:// URL of at most 2048 characters (no spaces)',
                     'details', 'http://example.com/a.jpg', 'hint', null),
  'create_venue: a photo over http is invalid_input 400, saying which and why');
select is(test.api_error($$select api.create_venue('Bad', 'A', 'C', 1, 1, 'Europe/Madrid', photos => '{"javascript:alert(1)"}')$$) ->> 'code',
  'invalid_input', 'a javascript: URL is invalid_input');
select is(test.api_error($$select api.create_venue('Bad', 'A', 'C', 1, 1, 'Europe/Madrid', photos => '{https://}')$$) ->> 'code',
  'invalid_input', 'an https URL without a host is invalid_input');
select is(test.api_error($$select api.create_venue('Bad', 'A', 'C', 1, 1, 'Europe/Madrid', photos => '{"https://example.com/a b.jpg"}')$$) ->> 'code',
  'invalid_input', 'a URL with a space is invalid_input');
select is(test.api_error($$select api.create_venue('Bad', 'A', 'C', 1, 1, 'Europe/Madrid', photos => array[null::text])$$) ->> 'message',
  'photos[1] must be an https:// URL of at most 2048 characters (no spaces)', 'a null photo is invalid_input');
select is(test.api_error($$select api.create_venue('Bad', 'A', 'C', 1, 1, 'Europe/Madrid',
            photos => array(select 'https://example.com/' || i || '.jpg' from generate_series(1, 11) i))$$) ->> 'message',
  'at most 10 photos', 'eleven photos: invalid_input, at most 10');
select is(test.api_error($$select api.create_venue('Bad', 'A', 'C', 1, 1, 'Europe/Madrid',
            photos => '{https://example.com/a.jpg,https://example.com/a.jpg}')$$) ->> 'message',
  'photos[2] repeats a photo', 'the same photo twice: invalid_input');
select is(test.api_error($$select api.create_venue('Bad', 'A', 'C', 1, 1, 'Europe/Madrid', photos => '{{https://a.example/1,https://a.example/2}}')$$) ->> 'message',
  'photos must be a list of URLs', 'a nested array: invalid_input');
select is(test.api_error($$select api.create_venue('Bad', 'A', 'C', 1, 1, 'Europe/Madrid', amenities => '{parking,helipad}')$$) ->> 'message',
  'amenities[2]: "helipad" is not an amenity; known: ' || array_to_string(data.venue_amenity_names(), ', '),
  'an unknown amenity: invalid_input naming it and the vocabulary');
select is(test.api_error($$select api.create_venue('Bad', 'A', 'C', 1, 1, 'Europe/Madrid', description => repeat('é', 2001))$$) ->> 'message',
  'description is at most 2000 characters', 'a description over 2000 characters: invalid_input');
reset role;
select is((select count(*)::int from data.venue where name = 'Bad'), 0, 'and none of these created a venue');

-- update_venue sets, keeps and clears them.
select test.act_as('owner', :'o1');
select lives_ok(format($$select api.update_venue(%s, description => 'Now with a cafe', photos => '{https://example.com/3.jpg}',
                                                  amenities => '{wifi}')$$, (select venue_id from made where label = 'bare')),
  'update_venue sets description, photos and amenities');
reset role;
select is((select array[description, photos::text, amenities::text] from data.venue where id = (select venue_id from made where label = 'bare')),
  array['Now with a cafe', '{https://example.com/3.jpg}', '{wifi}'], '... all three');
select test.act_as('owner', :'o1');
select lives_ok(format($$select api.update_venue(%s, name => 'Club Bare II')$$, (select venue_id from made where label = 'bare')),
  'update_venue without them');
reset role;
select is((select array[description, photos::text, amenities::text] from data.venue where id = (select venue_id from made where label = 'bare')),
  array['Now with a cafe', '{https://example.com/3.jpg}', '{wifi}'], '... keeps them');
select test.act_as('owner', :'o1');
select is(test.api_error(format($$select api.update_venue(%s, name => 'Renamed', description => 'Gone', amenities => '{sauna,jacuzzi}')$$,
                                (select venue_id from made where label = 'bare'))) ->> 'code',
  'invalid_input', 'update_venue with an unknown amenity: invalid_input');
reset role;
select is((select array[name, description, amenities::text] from data.venue where id = (select venue_id from made where label = 'bare')),
  array['Club Bare II', 'Now with a cafe', '{wifi}'], '... and nothing changed, not even the name');
select test.act_as('owner', :'o1');
select lives_ok(format($$select api.update_venue(%s, description => '  ', photos => '{}', amenities => '{}')$$,
                       (select venue_id from made where label = 'bare')),
  'update_venue with an empty description and empty lists');
reset role;
select is((select array[coalesce(description, 'null'), photos::text, amenities::text] from data.venue where id = (select venue_id from made where label = 'bare')),
  array['null', '{}', '{}'], '... clears them');
select test.act_as('owner', :'o2');
select is(test.api_error(format($$select api.update_venue(%s, description => 'Mine now')$$, (select venue_id from made where label = 'full'))) ->> 'status',
  '403', 'another owner cannot set them');
reset role;

-- GET /venues shows them, and price_from_cents: the cheapest rule price of its courts.
insert into data.court (id, venue_id, name, sport) overriding system value values
  (54101, 54001, 'Pista 1', 'padel'), (54102, 54001, 'Pista 2', 'padel'), (54103, 54001, 'Pista 3', 'tennis');
insert into data.availability_rule (court_id, weekday, opens, closes, slot_minutes, price_cents) values
  (54101, 1, '08:00', '17:00', 90, 1800), (54101, 1, '17:00', '23:00', 90, 2800),
  (54102, 2, '08:00', '17:00', 90, 1600), (54102, 6, '09:00', '21:00', 90, 2400);
select test.act_as('anon');
select is((select price_from_cents from api.venues where id = 54001), 1600,
  'anon: price_from_cents is the cheapest rule price of the venue''s courts (rules anon cannot read)');
select ok(not has_table_privilege('anon', 'data.availability_rule', 'select'), '... rules anon indeed cannot read');
select is((select array[description, photos::text, amenities::text] from api.venues where id = 54001),
  array['Four courts', '{https://cdn.example.com/clubs/1/court.jpg?w=800&h=600}', '{parking,showers}'],
  'anon: GET /venues shows description, photos and amenities');
select test.act_as('owner', :'o1');
select is((select price_from_cents is null from api.venues where id = (select venue_id from made where label = 'full')), true,
  'price_from_cents is null for a venue without rules (its owner reads it)');
select is(array(select id from api.venues where (id = 54001 or id in (select venue_id from made)) and amenities @> '{cafe}' order by id),
  array(select venue_id from made where label = 'full'), 'amenities filter as an array (PostgREST cs.{cafe})');
select is(array(select id from api.venues where (id = 54001 or id in (select venue_id from made)) and price_from_cents <= 1600),
  array[54001::bigint], 'price_from_cents filters (PostgREST lte.1600)');
reset role;
select is(array(select a.attname || ' ' || format_type(a.atttypid, a.atttypmod) from pg_attribute a
                where a.attrelid = 'api.venues'::regclass
                  and a.attname in ('description', 'photos', 'amenities', 'price_from_cents') order by a.attnum),
  array['description text', 'photos text[]', 'amenities text[]', 'price_from_cents integer'],
  'api.venues: the new columns and their types');
select is(array(select a.attname::text from pg_attribute a
                where a.attrelid = 'api.venues'::regclass
                  and a.attname in ('description', 'photos', 'amenities', 'price_from_cents')
                  and col_description(a.attrelid, a.attnum) is null),
  '{}'::text[], 'each new column of api.venues has a comment');

-- An owner's rules change the price at once.
update data.availability_rule set price_cents = 1200 where court_id = 54103 or (court_id = 54101 and price_cents = 1800);
select test.act_as('anon');
select is((select price_from_cents from api.venues where id = 54001), 1200, 'a cheaper rule lowers price_from_cents');
reset role;
\set o2 00000000-0000-0000-0000-0000000054a2
select test.act_as('owner', :'o2');
select api.set_availability(54102, '[{"weekday": 3, "opens": "08:00", "closes": "10:00", "slot_minutes": 60, "price_cents": 900}]');
select test.act_as('anon');
select is((select price_from_cents from api.venues where id = 54001), 900, 'set_availability replacing a court''s rules moves it');
reset role;
delete from data.court where id = 54102;
select is((select price_from_cents from api.venues where id = 54001), 1200, 'a court deleted (its rules by cascade) moves it');
delete from data.availability_rule where court_id = 54101;
select is((select price_from_cents from api.venues where id = 54001), null, 'no rules left: null');
select is((select count(*)::int from data.venue_price where venue_id = 54001), 0, '... and no price row');
insert into data.availability_rule (court_id, weekday, opens, closes, slot_minutes, price_cents) values
  (54103, 1, '08:00', '17:00', 60, 1300);
delete from data.venue_price where venue_id = 54001;
select data.refresh_venue_price_from(array[54001::bigint]);
select is((select price_from_cents from api.venues where id = 54001), 1300,
  'data.refresh_venue_price_from recomputes it (what the deploy runs for existing venues)');

-- The owner reads back what they set in api.my_venues (the admin panel's form), also
-- while the venue waits for review; another owner and a player do not.
update data.venue set description = 'Our club', photos = '{https://example.com/c.jpg}', amenities = '{parking,showers}'
 where id = 54001;
select test.act_as('owner', :'o2');
select is((select array[description, photos::text, amenities::text] from api.my_venues where id = 54001),
  array['Our club', '{https://example.com/c.jpg}', '{parking,showers}'], 'my_venues shows the owner the details they set');
reset role;
select test.act_as('owner', :'o1');
select is((select count(*)::int from api.my_venues where id = 54001), 0, '... another owner does not see the venue');
reset role;
select is(array(select a.attname::text from pg_attribute a
                where a.attrelid = 'api.my_venues'::regclass
                  and a.attname in ('description', 'photos', 'amenities')
                  and col_description(a.attrelid, a.attnum) is null),
  '{}'::text[], 'each detail column of api.my_venues has a comment');

-- The vocabulary, one list: api.venue_amenities is data.venue_amenity_names(), readable by all.
select test.act_as('anon');
select is(array(select name from api.venue_amenities order by position), data.venue_amenity_names(),
  'api.venue_amenities lists the vocabulary in order');
reset role;
select ok((select bool_and(has_table_privilege(r, 'api.venue_amenities', 'select'))
           from unnest('{anon,player,owner,admin}'::text[]) r), 'anon, players, owners and admins read it');
select ok(not has_table_privilege('anon', 'api.venue_amenities', 'insert'), '... and nobody writes it');
select test.act_as('owner', :'o2');
select throws_ok($$select api.update_venue(54001, amenities => array(select name from api.venue_amenities) || '{jacuzzi}')$$,
  'PGRST', null, 'a word outside api.venue_amenities is refused');
reset role;

select * from finish();
rollback;
