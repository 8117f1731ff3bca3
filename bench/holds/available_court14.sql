-- available_slots as anon: one court, the longest window allowed (14 days).
\set c random(:first_court, :last_court)
begin;
select set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true);
select count(*) from api.available_slots(court_id => :c, "from" => now(), "to" => now() + interval '14 days');
commit;
