-- available_slots as anon (GET /rpc/available_slots): one venue, a one-day window,
-- on a database of a million slots.
\set v random(:first_venue, :last_venue)
\set d random(1, 12)
begin;
select set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true);
select count(*) from api.available_slots(venue_id => :v, "from" => now() + make_interval(days => :d),
                                         "to" => now() + make_interval(days => :d + 1));
commit;
