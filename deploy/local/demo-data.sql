-- Demo data for `make run` (psql script, idempotent: the second run changes
-- nothing, except that slots roll forward to the next 14 days on a new day).
--   player@courtbook.test / courtbook-player-1
--   owner@courtbook.test  / courtbook-owner-1   (owns both venues)
--   admin@courtbook.test  / courtbook-admin-1   (admins cannot sign up: inserted here)
-- Two venues in different zones (Europe/Madrid, America/New_York), with a
-- description and amenities (no photos: courtbook hosts no images), courts of
-- three sports, weekly rules with off-peak and peak prices (Friday's peak rule
-- runs past midnight), and slots for the next 14 days. Everything after the
-- users goes through the owner's api functions, as the admin panel would.
\set ON_ERROR_STOP 1

begin;

insert into data.app_user (email, password_hash, full_name, role)
select v.email, public.crypt(v.password, public.gen_salt('bf', 10)), v.full_name, v.role::data.user_role
from (values
  ('player@courtbook.test', 'courtbook-player-1', 'Paula Player', 'player'),
  ('owner@courtbook.test', 'courtbook-owner-1', 'Oscar Owner', 'owner'),
  ('admin@courtbook.test', 'courtbook-admin-1', 'Ada Admin', 'admin')
) as v(email, password, full_name, role)
where not exists (select from data.app_user u where u.email = v.email::citext);

do $$
declare
  demo_owner uuid := (select id from data.app_user where email = 'owner@courtbook.test');
  vn record;
  ct record;
  v_id bigint;
  c_id bigint;
  rules json;
begin
  -- Act as the demo owner, exactly as PostgREST would set the claims.
  perform set_config('request.jwt.claims',
    json_build_object('role', 'owner', 'sub', demo_owner, 'email', 'owner@courtbook.test')::text, true);

  for vn in
    select * from (values
      ('Padel Club Retiro', 'Calle de Alcalá 95', 'Madrid', 40.4200::float8, -3.6840::float8, 'Europe/Madrid', 'EUR', 1,
       'Two padel courts, one indoor under glass, and a clay tennis court a short walk from the Retiro park. '
       'Racket rental at the desk; the café opens at 8.',
       '{cafe,changing_rooms,equipment_rental,floodlights,lockers,showers}'::text[]),
      ('Brooklyn Racquet & Field', '120 Kent Ave', 'New York', 40.7214::float8, -73.9617::float8, 'America/New_York', 'USD', 2,
       'Hard tennis courts, one of them indoor, and a five-a-side turf field on the Williamsburg waterfront. '
       'Lessons for every level.',
       '{accessible,bike_parking,coaching,floodlights,parking,pro_shop,showers,wifi}'::text[])
    ) as t(name, address, city, lat, lng, timezone, currency, n, description, amenities)
  loop
    select v.id into v_id from data.venue v where v.name = vn.name and v.owner_id = demo_owner;
    if v_id is null then
      v_id := (to_json(api.create_venue(vn.name, vn.address, vn.city, vn.lat, vn.lng, vn.timezone, vn.currency,
                                description => vn.description, amenities => vn.amenities)) ->> 'venue_id')::bigint;
    end if;
    -- Venue details (0.2) for a demo venue made before them, once.
    if (select v.description from data.venue v where v.id = v_id) is null then
      perform api.update_venue(v_id, description => vn.description, amenities => vn.amenities);
    end if;
    -- Venue publication: the demo venues are published by the demo admin, as an
    -- admin would publish a reviewed venue (review_venue), then back to the owner.
    if (select v.review_status from data.venue v where v.id = v_id) <> 'published' then
      perform set_config('request.jwt.claims',
        json_build_object('role', 'admin', 'sub', (select u.id from data.app_user u where u.email = 'admin@courtbook.test'),
                          'email', 'admin@courtbook.test')::text, true);
      perform api.review_venue(v_id, true, 'Demo venue');
      perform set_config('request.jwt.claims',
        json_build_object('role', 'owner', 'sub', demo_owner, 'email', 'owner@courtbook.test')::text, true);
    end if;

    for ct in
      select * from (values
        (1, 'Pista 1', 'padel', 'glass', true, 90, 1800, 2800),
        (1, 'Pista 2', 'padel', 'artificial grass', false, 90, 1600, 2400),
        (1, 'Tenis Central', 'tennis', 'clay', false, 60, 1500, 2200),
        (2, 'Court A', 'tennis', 'hard', false, 60, 3000, 4500),
        (2, 'Court B', 'tennis', 'hard', true, 60, 3500, 5500),
        (2, 'Field 1', 'football', 'turf', false, 60, 9000, 14000)
      ) as t(venue_n, name, sport, surface, indoor, slot_minutes, off_peak, peak)
      where t.venue_n = vn.n
    loop
      select c.id into c_id from data.court c where c.venue_id = v_id and c.name = ct.name;
      if c_id is null then
        c_id := (api.create_court(v_id, ct.name, ct.sport, ct.surface, ct.indoor)).court_id;
      end if;
      if not exists (select from data.availability_rule r where r.court_id = c_id) then
        -- Mon-Thu 08:00-17:00 off-peak, 17:00-23:00 peak; Fri peak 17:00-01:00
        -- (past midnight); Sat-Sun 09:00-21:00 peak.
        select json_agg(r) into rules from (
          select d as weekday, '08:00' as opens, '17:00' as closes, ct.slot_minutes as slot_minutes,
                 ct.off_peak as price_cents from generate_series(1, 5) d
          union all
          select d, '17:00', '23:00', ct.slot_minutes, ct.peak from generate_series(1, 4) d
          union all
          select 5, '17:00', '01:00', ct.slot_minutes, ct.peak
          union all
          select d, '09:00', '21:00', ct.slot_minutes, ct.peak from generate_series(6, 7) d
        ) r;
        perform api.set_availability(c_id, rules);
      end if;
    end loop;

    perform api.generate_slots(venue_id => v_id, days => 15);
  end loop;
end
$$;

commit;
