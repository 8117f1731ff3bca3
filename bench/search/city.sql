-- A synthetic city for bench/search (issue 17): 2,000 venues spread uniformly over a
-- disc of 30 km around Madrid's centre, 4 courts each (2 padel, 1 tennis, 1 football;
-- about a third indoor), 30 days of 60-minute slots from 08:00 to 23:00 UTC (15 a day:
-- 3.6 million slots), 20 % of them booked. Deterministic (setseed), so two runs measure
-- the same city. Inserted in (court, start) order, as generate_slots writes them.
select setseed(0.17);
insert into data.app_user (id, email, password_hash, full_name, role)
values ('00000000-0000-0000-0000-00000000c17e', 'city-owner@bench.test', 'x', 'City owner', 'owner');

-- r = 30 km * sqrt(u) is uniform over the disc's area; 111.2 km per degree of latitude.
insert into data.venue (owner_id, name, address, city, lat, lng, timezone)
select '00000000-0000-0000-0000-00000000c17e', 'City venue ' || i, 'Street ' || i, 'Madrid',
       40.4168 + r * cos(theta) / 111.2,
       -3.7038 + r * sin(theta) / (111.2 * cos(radians(40.4168))),
       'Europe/Madrid'
from (select i, 30 * sqrt(random()) as r, 2 * pi() * random() as theta
      from generate_series(1, 2000) i) p;

insert into data.court (venue_id, name, sport, indoor)
select v.id, 'Court ' || j, (array['padel', 'padel', 'tennis', 'football'])[j]::data.sport, random() < 0.33
from data.venue v, generate_series(1, 4) j
where v.owner_id = '00000000-0000-0000-0000-00000000c17e'
order by v.id, j;

insert into data.slot (court_id, start_at, end_at, price_cents, status)
select c.id, t.start_at, t.start_at + interval '1 hour',
       case when extract(hour from t.start_at) >= 17 then 2800 else 1800 end,
       case when random() < 0.2 then 'booked'::data.slot_status else 'available' end
from data.court c
join data.venue v on v.id = c.venue_id
cross join lateral (
  select date_trunc('day', now()) + d * interval '1 day' + h * interval '1 hour' as start_at
  from generate_series(0, 29) d, generate_series(8, 22) h
) t
where v.owner_id = '00000000-0000-0000-0000-00000000c17e'
order by c.id, t.start_at;

vacuum analyze data.venue, data.court, data.slot;
