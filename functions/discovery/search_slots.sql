-- api.search_slots (0.2, issue 17): the marketplace's first screen in one call,
-- "padel near me tomorrow 19:00-21:00": the slots a hold would get right now, at
-- every venue within radius_km, in a window of at most 24 hours.
--
-- One query, driven by three indexes from the small side to the large one:
--   1. venues: earth_box(origin, r) @> data.venue_earth(lat, lng) on the GiST
--      venue_location_idx (the box is a superset of the circle; earth_distance
--      trims it), as in nearby_venues;
--   2. their courts: court_venue_idx (venue_id), the sport and indoor filters on
--      the court row;
--   3. each court's slots in the window: one range scan of slot_court_start_idx
--      (court_id, start_at) per court; the status test runs on those few heap rows.
-- It never scans data.slot sequentially (the benchmark prints the plan). Its cost
-- is bounded by the arguments: radius at most 50 km, window at most 24 hours, at
-- most 500 rows; the API roles' statement_timeout (5 s) is the last resort.
--
-- "What a hold would get right now" is the rule of available_slots: available, or
-- held with a lapsed hold, starting in the future. SECURITY INVOKER like the other
-- discovery functions: everyone may read venues, courts and slots.
create type api.search_slot as (
  slot_id bigint,
  court_id bigint,
  court_name text,
  venue_id bigint,
  venue_name text,
  distance_km double precision,
  sport text,
  indoor boolean,
  start_at timestamptz,
  end_at timestamptz,
  price_cents integer,
  currency text
);
comment on type api.search_slot is 'A row of api.search_slots: a bookable slot with its court and venue, distance_km from the searched point';
comment on column api.search_slot.distance_km is 'Great-circle distance from the searched point to the venue, in km, rounded to the metre';
comment on column api.search_slot.currency is 'The venue''s currency (ISO 4217) of price_cents';

-- lat and lng default to null only so that a call without them is invalid_input
-- like any other missing argument (PostgREST would answer 404 PGRST202 otherwise).
create function api.search_slots(
  lat double precision default null,
  lng double precision default null,
  radius_km double precision default 10,
  "from" timestamptz default null,
  "to" timestamptz default null,
  sport text default null,
  max_price_cents integer default null,
  indoor boolean default null,
  "limit" integer default 100
) returns setof api.search_slot
language plpgsql stable
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  q_from timestamptz := search_slots."from";
  q_to timestamptz := search_slots."to";
  q_radius_m double precision;
  q_sport data.sport;
  q_indoor boolean := search_slots.indoor;
  q_max integer := search_slots.max_price_cents;
  q_limit integer := search_slots."limit";
  origin public.earth;
  earth_m double precision := public.earth();  -- earthdistance's sphere, in metres
begin
  -- Every argument is checked before anything is read: a bad one is invalid_input
  -- (400), never a raw SQL error. NaN fails BETWEEN (it sorts above every number).
  if lat is null or lng is null or lat not between -90 and 90 or lng not between -180 and 180 then
    perform data.api_error('invalid_input', 'lat must be in -90..90 and lng in -180..180', 400);
  end if;
  if radius_km is null or not (radius_km > 0 and radius_km <= 50) then
    perform data.api_error('invalid_input', 'radius_km must be in (0, 50]', 400);
  end if;
  if q_from is null or q_to is null or not isfinite(q_from) or not isfinite(q_to) then
    perform data.api_error('invalid_input', 'from and to are required (finite timestamps)', 400);
  end if;
  if q_to <= q_from then
    perform data.api_error('invalid_input', 'to must be after from', 400);
  end if;
  -- In epoch seconds (numeric): timestamptz subtraction wraps around for instants
  -- ~290,000 years apart, which would pass an interval comparison.
  if extract(epoch from q_to) - extract(epoch from q_from) > 86400 then
    perform data.api_error('invalid_input', 'the window is at most 24 hours', 400);
  end if;
  if sport is not null then
    if sport not in (select unnest(enum_range(null::data.sport))::text) then
      perform data.api_error('invalid_input', 'unknown sport', 400, sport);
    end if;
    q_sport := sport::data.sport;
  end if;
  if q_max is not null and q_max < 0 then
    perform data.api_error('invalid_input', 'max_price_cents must not be negative', 400);
  end if;
  if q_limit is null or q_limit not between 1 and 500 then
    perform data.api_error('invalid_input', 'limit must be 1 to 500', 400);
  end if;

  q_from := greatest(q_from, now());
  q_radius_m := radius_km * 1000.0;
  origin := data.venue_earth(search_slots.lat, search_slots.lng);

  return query
  with near as materialized (
    -- The venues in the circle, with their distance, computed once each. The box
    -- test is written on data.venue_earth so that venue_location_idx answers it
    -- (the GiST index gives exact matches: no per-row recheck). The exact distance
    -- is the same great circle as public.earth_distance (a sphere of earth()
    -- metres), by the haversine formula in built-in arithmetic: earthdistance's
    -- SQL functions (ll_to_earth, sec_to_gc, ...) are not inlined, and calling them
    -- per candidate venue was most of the cost of a search (bench/search).
    select v.id, v.name, v.currency,
           round((e.distance_m / 1000.0)::numeric, 3)::float8 as distance_km
    from data.venue v
    cross join lateral (
      select 2 * earth_m * asin(least(1, sqrt(
               sin(radians(v.lat - search_slots.lat) / 2) ^ 2
               + cos(radians(search_slots.lat)) * cos(radians(v.lat))
                 * sin(radians(v.lng - search_slots.lng) / 2) ^ 2))) as distance_m
    ) e
    where public.earth_box(origin, q_radius_m) @> data.venue_earth(v.lat, v.lng)
      and e.distance_m <= q_radius_m
  )
  select s.id, c.id, c.name, n.id, n.name, n.distance_km, c.sport::text, c.indoor,
         s.start_at, s.end_at, s.price_cents, n.currency::text
  from near n
  join data.court c on c.venue_id = n.id
  join data.slot s on s.court_id = c.id
  where (q_sport is null or c.sport = q_sport)
    and (q_indoor is null or c.indoor = q_indoor)
    and s.start_at >= q_from and s.start_at < q_to and s.start_at > now()
    and (s.status = 'available' or (s.status = 'held' and s.held_until < now()))
    and (q_max is null or s.price_cents <= q_max)
  order by s.start_at, n.distance_km, s.id
  limit q_limit;
end
$$;
comment on function api.search_slots(double precision, double precision, double precision, timestamptz, timestamptz, text, integer, boolean, integer) is
'The marketplace search: slots a hold would get right now at every venue within radius_km (default 10, at most 50) of lat/lng, starting in from..to (at most 24 hours), optionally of one sport, indoor or not, at most max_price_cents; by start_at, distance_km, slot_id; at most "limit" rows (default 100, at most 500). Rows: slot_id, court_id, court_name, venue_id, venue_name, distance_km, sport, indoor, start_at, end_at, price_cents, currency';

grant execute on function api.search_slots(double precision, double precision, double precision, timestamptz, timestamptz, text, integer, boolean, integer)
  to anon, player, owner, admin;
