-- Venues have a country (issue 14, Connect completed): ISO 3166-1 alpha-2,
-- checked against the assigned codes, default ES; onboarding hands it to Stripe.
begin;
select plan(8);

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000033a1', 'o@country.test', 'x', 'Owner', 'owner');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency)
  overriding system value values (3301, '00000000-0000-0000-0000-0000000033a1', 'V', 'A', 'C', 40.4, -3.7, 'Europe/Madrid', 'EUR');

select is((select country::text from data.venue where id = 3301), 'ES', 'a venue is in Spain unless told otherwise');
select lives_ok($$update data.venue set country = 'FR' where id = 3301$$, 'FR is a country');
select throws_ok($$update data.venue set country = 'XX' where id = 3301$$, '23514', null, 'XX is not an assigned code');
select throws_ok($$update data.venue set country = 'fr' where id = 3301$$, '23514', null, 'codes are upper case');
select throws_ok($$update data.venue set country = 'E' where id = 3301$$, '23514', null, 'two letters');
select throws_ok($$update data.venue set country = null where id = 3301$$, '23502', null, 'every venue has a country');
select is((select count(*)::int from unnest('{ES,FR,GB,DE,US,PT,IT,NL,BE,CH,MX,AR}'::text[]) c where data.is_iso_country(c)), 12,
          'the countries courtbook''s clubs are in are codes');
select is((internal.venue_for_onboarding(3301, '00000000-0000-0000-0000-0000000033a1') ->> 'country'), 'FR',
          'onboarding answers the venue''s country (the Express account is created in it)');

select * from finish();
rollback;
