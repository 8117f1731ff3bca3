-- The cancellation window's bounds live in one domain (data.cancellation_window_minutes):
-- the venue's setting and a booking's copy are of it, API arguments are checked through
-- it (data.cancellation_window); the views reading the columns came through the change as
-- they were (data.retype_column).
begin;
select plan(18);

select is((select pg_get_constraintdef(c.oid) from pg_constraint c
           where c.contypid = 'data.cancellation_window_minutes'::regtype),
  'CHECK (((VALUE >= 0) AND (VALUE <= 43200)))', 'the domain holds the bounds: 0 to 30 days');
select is(array(select a.attrelid::regclass::text from pg_attribute a
                where a.atttypid = 'data.cancellation_window_minutes'::regtype and not a.attisdropped
                  and a.attrelid in ('data.venue'::regclass, 'data.booking'::regclass) order by 1),
  array['data.booking', 'data.venue'], 'venue and booking keep their window in the domain');
select is(array(select c.conrelid::regclass::text || ' ' || c.conname from pg_constraint c
                where c.conrelid <> 0 and pg_get_constraintdef(c.oid) like '%cancellation_window%'),
  '{}'::text[], 'no table repeats the bounds in a check of its own');
select is(array(select p.oid::regprocedure::text from pg_proc p
                where p.pronamespace in ('data'::regnamespace, 'internal'::regnamespace)
                  and p.prosrc ~ 'cancellation_window_minutes\s+(not\s+)?between'
                order by 1),
  '{}'::text[], 'no data or internal function checks the bounds by hand');

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000036a1', 'o@window.test', 'x', 'Owner', 'owner');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency)
  overriding system value values (3601, '00000000-0000-0000-0000-0000000036a1', 'V', 'A', 'C', 40.4, -3.7, 'Europe/Madrid', 'EUR');
select is((select cancellation_window_minutes::int from data.venue where id = 3601), 1440, 'the default window is a day');
select lives_ok($$update data.venue set cancellation_window_minutes = 43200 where id = 3601$$, '30 days is a window');
select lives_ok($$update data.venue set cancellation_window_minutes = 0 where id = 3601$$, 'no window at all is one too');
select throws_ok($$update data.venue set cancellation_window_minutes = 43201 where id = 3601$$, '23514', null,
  'a venue''s window beyond 30 days is refused by the domain');
select throws_ok($$update data.venue set cancellation_window_minutes = -1 where id = 3601$$, '23514', null,
  'a negative window is refused');
select throws_ok($$insert into data.booking (player_id, venue_id, status, amount_cents, currency, held_until, cancellation_window_minutes)
                   values ('00000000-0000-0000-0000-0000000036a1', 3601, 'pending', 100, 'EUR', now() + interval '10 minutes', 50000)$$, '23514', null,
  'a booking''s copy of the window is bounded alike');

select is(data.cancellation_window(90)::int, 90, 'an API argument in range is taken');
select is(data.cancellation_window(null), null, 'null stays null (keep the current window)');
select is(test.api_error('select data.cancellation_window(43201)') ->> 'code', 'invalid_input',
  'an API argument out of range is invalid_input');

-- The views that read the columns are as they were: options, grants, comments.
select is((select reloptions from pg_class where oid = 'api.venues'::regclass), '{security_invoker=true}',
  'api.venues still runs as the caller');
select is((select relacl::text from pg_class where oid = 'api.venues'::regclass),
  '{postgres=arwdDxt/postgres,anon=r/postgres,player=r/postgres,owner=r/postgres,admin=r/postgres}',
  'api.venues keeps its grants, in their order');
select isnt(obj_description('api.bookings'::regclass, 'pg_class'), null, 'api.bookings keeps its comment');

select is(array(select a.attrelid::regclass::text || '.' || a.attname from pg_attribute a
                join pg_class c on c.oid = a.attrelid
                where c.relnamespace = 'api'::regnamespace and a.atttypid = 'data.cancellation_window_minutes'::regtype
                order by 1),
  '{}'::text[], 'api views show the window as integer, never the private domain');

-- data.retype_column on a scratch table: a view over a view, column comments, grants.
create table pg_temp.t (id integer, n integer);
create view pg_temp.v1 with (security_invoker = true) as select id, n from pg_temp.t;
create view pg_temp.v2 as select n + 1 as m from pg_temp.v1;
comment on view pg_temp.v1 is 'v1';
comment on column pg_temp.v1.n is 'the n';
grant select on pg_temp.v1 to player;
grant select, insert on pg_temp.v2 to owner with grant option;
create temp table before as
  select c.relname, c.reloptions, c.relacl, obj_description(c.oid, 'pg_class') as d,
         col_description(c.oid, 2) as cd, pg_get_viewdef(c.oid) as def
  from pg_class c where c.oid in ('pg_temp.v1'::regclass, 'pg_temp.v2'::regclass);
select data.retype_column('pg_temp.t', 'n', 'bigint');
select results_eq(
  $$select c.relname::text, c.reloptions, c.relacl::text, obj_description(c.oid, 'pg_class'), col_description(c.oid, 2),
           pg_get_viewdef(c.oid), format_type(a.atttypid, null)
    from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum = 1
    where c.oid in ('pg_temp.v1'::regclass, 'pg_temp.v2'::regclass) order by 1$$,
  $$select b.relname::text, b.reloptions, b.relacl::text, b.d, b.cd, b.def, x.t
    from before b join (values ('v1', 'integer'), ('v2', 'bigint')) x(n, t) on x.n = b.relname order by 1$$,
  'retype_column: a view over a view comes back as it was, over the new type');

select * from finish();
rollback;
