-- pgbench script (bench/search): api.search_slots as anon, as PostgREST calls it
-- (role and claims set in the transaction): a point within 20 km of the centre,
-- 5 km, padel, a 2-hour evening window on a random day of the city's 30.
\set dy random(-14000, 14000)
\set dx random(-14000, 14000)
\set d random(1, 28)
\set h random(8, 20)
begin;
select set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true);
select count(*) from api.search_slots(40.4168 + :dy / 111200.0, -3.7038 + :dx / 84700.0, 5,
  date_trunc('day', now()) + make_interval(days => :d, hours => :h),
  date_trunc('day', now()) + make_interval(days => :d, hours => :h + 2), 'padel');
commit;
