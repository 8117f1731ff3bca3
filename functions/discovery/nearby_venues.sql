create type data.nearby_venue as (
  id bigint,
  name text,
  address text,
  city text,
  lat double precision,
  lng double precision,
  timezone text,
  currency text,
  sports text[],
  distance_km double precision
);
comment on type data.nearby_venue is 'A row of api.nearby_venues';

-- earth_box(...) @> data.venue_earth(lat, lng) is answered by venue_location_idx; the
-- box is a superset of the circle, so earth_distance trims it.
create function api.nearby_venues(
  lat double precision,
  lng double precision,
  radius_km double precision default 10,
  sport text default null
) returns setof data.nearby_venue
language plpgsql stable
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  q_sport data.sport;
  origin public.earth;
begin
  if lat is null or lng is null or lat not between -90 and 90 or lng not between -180 and 180 then
    perform data.api_error('invalid_input', 'lat must be in -90..90 and lng in -180..180', 400);
  end if;
  if radius_km is null or radius_km <= 0 or radius_km > 500 or radius_km = 'NaN'::float8 then
    perform data.api_error('invalid_input', 'radius_km must be in (0, 500]', 400);
  end if;
  if sport is not null then
    if sport not in (select unnest(enum_range(null::data.sport))::text) then
      perform data.api_error('invalid_input', 'unknown sport', 400, sport);
    end if;
    q_sport := sport::data.sport;
  end if;
  origin := data.venue_earth(nearby_venues.lat, nearby_venues.lng);

  return query
  select v.id, v.name, v.address, v.city, v.lat, v.lng, v.timezone, v.currency::text,
         coalesce((select array_agg(distinct c.sport::text order by c.sport::text)
                   from data.court c where c.venue_id = v.id), '{}'),
         round((public.earth_distance(origin, data.venue_earth(v.lat, v.lng)) / 1000.0)::numeric, 3)::float8
  from data.venue v
  where public.earth_box(origin, radius_km * 1000.0) @> data.venue_earth(v.lat, v.lng)
    and public.earth_distance(origin, data.venue_earth(v.lat, v.lng)) <= radius_km * 1000.0
    and (q_sport is null or exists (select from data.court c where c.venue_id = v.id and c.sport = q_sport))
  order by public.earth_distance(origin, data.venue_earth(v.lat, v.lng)), v.id;
end
$$;
comment on function api.nearby_venues(double precision, double precision, double precision, text) is
'Venues within radius_km (default 10, at most 500) of lat/lng, optionally with a court of one sport, nearest first, with distance_km';

grant execute on function api.nearby_venues(double precision, double precision, double precision, text)
  to anon, player, owner, admin;
