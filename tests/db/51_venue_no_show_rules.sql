-- api.venue_no_show_rules (issue 20, the admin panel's no-show rules editor):
-- a venue's current no_show_limit and no_show_suspension_days, read by its
-- owner, its staff (whatever their permissions: the desk marks the no-shows)
-- and admins; never by players, anon, or another venue's owner or staff; it
-- follows set_no_show_rules at once; writes are refused (42501).
begin;
select plan(16);
\ir ../engine/fixtures/engine_fixture.sql
\set s1 e0000000-0000-0000-0000-0000000000d1
\set s2 e0000000-0000-0000-0000-0000000000d2
insert into data.app_user (id, email, password_hash, full_name, role) values
  (:'s1', 's1@engine.test', 'x', 'Desk One', 'owner'),
  (:'s2', 's2@engine.test', 'x', 'Planner Two', 'owner');
insert into data.venue_staff (venue_id, user_id, permissions) values
  (10001, :'s1', array['bookings']), (10002, :'s2', array['reports']);
-- both venues published: the catalogue's RLS lets every role read them, the view must not
update data.venue set review_status = 'published' where id in (10001, 10002);

select has_view('api', 'venue_no_show_rules', 'the view exists');
select columns_are('api', 'venue_no_show_rules',
  array['venue_id', 'no_show_limit', 'no_show_suspension_days'], 'its columns');

-- the defaults (3 no-shows in 90 days, 30 days)
select test.act_as('owner', :'o1');
select results_eq('select venue_id, no_show_limit, no_show_suspension_days from api.venue_no_show_rules',
  $$values (10001::bigint, 3, 30)$$, 'the owner reads their venue''s rules, the defaults, and no other venue''s');
select is((select row(venue_id, no_show_limit, no_show_suspension_days)::text from api.set_no_show_rules(10001, 2, 14)),
  '(10001,2,14)', 'the owner sets 2 no-shows, 14 days');
select results_eq('select venue_id, no_show_limit, no_show_suspension_days from api.venue_no_show_rules',
  $$values (10001::bigint, 2, 14)$$, 'the view answers the new rules at once');
select is(pg_temp.err('update api.venue_no_show_rules set no_show_limit = 9'), 'sqlstate 42501',
  'the owner cannot write the view (the rules change through set_no_show_rules)');
select is(pg_temp.err('insert into api.venue_no_show_rules (no_show_limit) values (1)'), 'sqlstate 42501', '... nor insert');
select is(pg_temp.err('delete from api.venue_no_show_rules'), 'sqlstate 42501', '... nor delete');
reset role;

select test.act_as('owner', :'o2');
select results_eq('select venue_id, no_show_limit, no_show_suspension_days from api.venue_no_show_rules',
  $$values (10002::bigint, 3, 30)$$, 'another owner reads only their own venue');
reset role;

select test.act_as('owner', :'s1');
select results_eq('select venue_id, no_show_limit, no_show_suspension_days from api.venue_no_show_rules',
  $$values (10001::bigint, 2, 14)$$, 'bookings staff read their venue''s rules only');
reset role;
select test.act_as('owner', :'s2');
select results_eq('select venue_id from api.venue_no_show_rules',
  $$values (10002::bigint)$$, 'reports staff read their own venue''s rules (and not 10001''s)');
reset role;

select test.act_as('admin', :'ad');
select results_eq('select venue_id, no_show_limit from api.venue_no_show_rules where venue_id in (10001, 10002) order by 1',
  $$values (10001::bigint, 2), (10002::bigint, 3)$$, 'an admin reads every venue');
select lives_ok('select api.set_no_show_rules(10002, null, 60)', 'an admin sets "never suspend"');
select results_eq('select no_show_limit, no_show_suspension_days from api.venue_no_show_rules where venue_id = 10002',
  $$values (null::integer, 60)$$, 'null limit: never suspend');
reset role;

select test.act_as('player', :'p1');
select is(pg_temp.err('select * from api.venue_no_show_rules'), 'sqlstate 42501', 'players cannot read it');
reset role;
select test.act_as('anon');
select is(pg_temp.err('select * from api.venue_no_show_rules'), 'sqlstate 42501', 'anon cannot read it');
reset role;

select * from finish();
rollback;
