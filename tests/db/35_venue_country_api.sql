-- create_venue / update_venue take the venue's country (API.md: ISO 3166-1 alpha-2,
-- default ES): trimmed and upper-cased, refused with invalid_input when unassigned.
begin;
select plan(9);

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000035a1', 'o@country-api.test', 'x', 'Owner', 'owner');
select test.act_as('owner', '00000000-0000-0000-0000-0000000035a1');

create temporary table made (label text primary key, venue_id bigint) on commit drop;
grant insert, select on made to owner;
insert into made
select 'default', (to_json(api.create_venue('Club ES', 'Calle 1', 'Madrid', 40.4, -3.7, 'Europe/Madrid')) ->> 'venue_id')::bigint;
insert into made
select 'fr', (to_json(api.create_venue('Club FR', 'Rue 1', 'Paris', 48.85, 2.35, 'Europe/Paris', 'EUR', country => ' fr ')) ->> 'venue_id')::bigint;

select is((select country::text from data.venue where id = (select venue_id from made where label = 'default')), 'ES',
  'a venue created without a country is in Spain');
select is((select country::text from data.venue where id = (select venue_id from made where label = 'fr')), 'FR',
  'country is trimmed and upper-cased');
select is(test.api_error($$select api.create_venue('X', 'A', 'C', 1, 1, 'Europe/Madrid', country => 'XX')$$) ->> 'code',
  'invalid_input', 'an unassigned code is invalid_input');
select is(test.api_error($$select api.create_venue('X', 'A', 'C', 1, 1, 'Europe/Madrid', country => 'España')$$) ->> 'status',
  '400', '... answered 400');
select is((select count(*)::int from data.venue where name = 'X'), 0, 'and nothing was created');

select lives_ok(format('select api.update_venue(%s, country => %L)', (select venue_id from made where label = 'default'), 'gb'),
  'update_venue sets a country');
select is((select country::text from data.venue where id = (select venue_id from made where label = 'default')), 'GB', '... upper-cased');
select is(test.api_error(format('select api.update_venue(%s, country => %L)', (select venue_id from made where label = 'default'), '')) ->> 'code',
  'invalid_input', 'an empty country is invalid_input');
select lives_ok(format('select api.update_venue(%s, name => %L)', (select venue_id from made where label = 'default'), 'Renamed'),
  'update_venue without a country keeps it');

select * from finish();
rollback;
