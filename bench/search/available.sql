-- pgbench script (bench/search): the one-venue read beside it, api.available_slots
-- as anon for a random venue of the city, padel, the same kind of 2-hour window.
\set v random(:first_venue, :last_venue)
\set d random(1, 28)
\set h random(8, 20)
begin;
select set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true);
select count(*) from api.available_slots(venue_id => :v,
  "from" => date_trunc('day', now()) + make_interval(days => :d, hours => :h),
  "to" => date_trunc('day', now()) + make_interval(days => :d, hours => :h + 2), sport => 'padel');
commit;
