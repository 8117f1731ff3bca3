-- Open matches (0.2): a split booking's free shares published as seats
-- (open_match), found by players nearby of the level range (open_matches) and
-- taken one at a time (join_match, through data.take_share like join_booking).

create type api.open_match_answer as (
  match_id bigint,
  booking_id bigint,
  level_min numeric,
  level_max numeric,
  cancel_if_not_full boolean,
  seats_free integer
);
comment on type api.open_match_answer is 'The answer of open_match';
comment on column api.open_match_answer.match_id is 'The open match (join_match takes a seat of it)';
comment on column api.open_match_answer.booking_id is 'The organizer''s split booking';
comment on column api.open_match_answer.level_min is 'The lowest playing level that may join (0.0-7.0); null: any';
comment on column api.open_match_answer.level_max is 'The highest playing level that may join; null: any';
comment on column api.open_match_answer.cancel_if_not_full is 'Whether the booking is cancelled at the deadline when seats are still free';
comment on column api.open_match_answer.seats_free is 'The free shares, published as seats';

create type api.match_seat as (
  booking_id bigint,
  share_id bigint,
  share_number integer,
  share_cents integer,
  currency text,
  pay_by timestamptz,
  status text,
  match_id bigint
);
comment on type api.match_seat is 'The answer of join_match: the share taken, as join_booking answers it, and the match';
comment on column api.match_seat.booking_id is 'The split booking';
comment on column api.match_seat.share_id is 'The share (POST /payments/intent pays it)';
comment on column api.match_seat.share_number is 'Its number, 2-8 (1 is the organizer''s)';
comment on column api.match_seat.share_cents is 'What the share costs';
comment on column api.match_seat.currency is 'The booking''s currency (ISO 4217)';
comment on column api.match_seat.pay_by is 'The split-payment deadline';
comment on column api.match_seat.status is 'taken (to pay) or paid';
comment on column api.match_seat.match_id is 'The open match';

create or replace function api.open_match(booking_id bigint, level_min numeric default null,
                                          level_max numeric default null, cancel_if_not_full boolean default false)
returns api.open_match_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_player();
  b data.booking;
  s data.booking_split;
  m data.open_match;
begin
  if level_min is not null and (level_min not between 0 and 7)
     or level_max is not null and (level_max not between 0 and 7)
     or level_min > level_max then
    perform data.api_error('invalid_input', 'level_min and level_max are levels 0.0-7.0, level_min <= level_max', 400);
  end if;
  b := data.lock_player_booking(open_match.booking_id, uid);
  select * into s from data.booking_split where booking_id = b.id for update;
  if s.booking_id is null then
    perform data.api_error('invalid_input', 'Split the booking first (split_booking): its free shares become the seats', 400);
  end if;
  perform data.assert_split_open(s, b);
  insert into data.open_match (booking_id, level_min, level_max, cancel_if_not_full)
  values (b.id, round(level_min, 1), round(level_max, 1), coalesce(cancel_if_not_full, false))
  on conflict (booking_id) do update
    set level_min = excluded.level_min, level_max = excluded.level_max,
        cancel_if_not_full = excluded.cancel_if_not_full
  returning * into m;
  return row(m.id, b.id, m.level_min, m.level_max, m.cancel_if_not_full,
             (select count(*) from data.booking_share x
              where x.booking_id = b.id and x.status = 'open')::integer)::api.open_match_answer;
end
$$;
comment on function api.open_match(bigint, numeric, numeric, boolean) is
'The organizer publishes the free shares of their split booking as an open match (again: updates the level range): {match_id, booking_id, level_min, level_max, cancel_if_not_full, seats_free}; invalid_input when not split or a bad range, share_closed after the deadline.';
grant execute on function api.open_match(bigint, numeric, numeric, boolean) to player;

create or replace function api.join_match(match_id bigint)
returns api.match_seat
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_player();
  m data.open_match;
  b data.booking;
  lvl numeric;
  seat api.share_answer;
begin
  if match_id is null then
    perform data.api_error('invalid_input', 'match_id is required', 400);
  end if;
  select * into m from data.open_match x where x.id = join_match.match_id;
  if m.id is null or m.cancelled_at is not null then
    perform data.api_error('not_found', 'No such open match', 404);
  end if;
  b := data.lock_booking(m.booking_id);
  if (m.level_min is not null or m.level_max is not null)
     and not exists (select from data.booking_share x where x.booking_id = b.id and x.player_id = uid) then
    select u.level into lvl from data.app_user u where u.id = uid;
    if lvl is null then
      perform data.api_error('invalid_input', 'Set your level (update_profile) to join a match with a level range', 400);
    end if;
    if lvl < coalesce(m.level_min, 0) or lvl > coalesce(m.level_max, 7) then
      perform data.api_error('invalid_input',
        format('This match is for levels %s to %s', coalesce(m.level_min, 0.0), coalesce(m.level_max, 7.0)), 400, lvl::text);
    end if;
  end if;
  seat := data.take_share(b, uid);
  return row(seat.booking_id, seat.share_id, seat.share_number, seat.share_cents, seat.currency,
             seat.pay_by, seat.status, m.id)::api.match_seat;
end
$$;
comment on function api.join_match(bigint) is
'Takes a seat (a free share) of an open match, as join_booking: {booking_id, share_id, share_number, share_cents, currency, pay_by, status, match_id}; invalid_input outside the level range, match_full 409, share_closed 409.';
grant execute on function api.join_match(bigint) to player;

create type api.open_match_row as (
  match_id bigint,
  booking_id bigint,
  venue_id bigint,
  venue_name text,
  court_name text,
  start_at timestamptz,
  end_at timestamptz,
  sport text,
  seats integer,
  seats_free integer,
  share_cents integer,
  currency text,
  level_min numeric,
  level_max numeric,
  pay_by timestamptz,
  distance_km double precision
);
comment on type api.open_match_row is 'A row of api.open_matches';

-- Public information only (no players). The caller's level (argument, else the
-- profile's) keeps the matches whose range includes it.
create or replace function api.open_matches(
  lat double precision,
  lng double precision,
  radius_km double precision default 10,
  "from" timestamptz default null,
  "to" timestamptz default null,
  sport text default null,
  level numeric default null
) returns setof api.open_match_row
language plpgsql stable security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  origin public.earth;
  q_sport data.sport;
  q_from timestamptz := coalesce("from", now());
  q_to timestamptz := coalesce("to", coalesce("from", now()) + interval '14 days');
  lvl numeric := level;
begin
  if lat is null or lng is null or lat not between -90 and 90 or lng not between -180 and 180 then
    perform data.api_error('invalid_input', 'lat must be in -90..90 and lng in -180..180', 400);
  end if;
  if radius_km is null or radius_km <= 0 or radius_km > 50 or radius_km = 'NaN'::float8 then
    perform data.api_error('invalid_input', 'radius_km must be in (0, 50]', 400);
  end if;
  if q_to <= q_from or q_to - q_from > interval '14 days' then
    perform data.api_error('invalid_input', 'from must be before to, at most 14 days apart', 400);
  end if;
  if level is not null and level not between 0 and 7 then
    perform data.api_error('invalid_input', 'level is 0.0-7.0', 400);
  end if;
  if sport is not null then
    if sport not in (select unnest(enum_range(null::data.sport))::text) then
      perform data.api_error('invalid_input', 'unknown sport', 400, sport);
    end if;
    q_sport := sport::data.sport;
  end if;
  if lvl is null then
    begin
      select u.level into lvl from data.app_user u where u.id = data.current_user_id();
    exception when others then
      lvl := null;
    end;
  end if;
  origin := data.venue_earth(open_matches.lat, open_matches.lng);

  return query
  with found as (
    select m.id as match_id, b.id as booking_id, v.id as venue_id, v.name as venue_name,
           sl.start_at, sl.end_at, c.name as court_name, c.sport, s.shares, s.share_cents, b.currency,
           m.level_min, m.level_max, s.pay_by,
           public.earth_distance(origin, data.venue_earth(v.lat, v.lng)) as meters,
           (select count(*) from data.booking_share x where x.booking_id = b.id and x.status = 'open')::integer as free
    from data.venue v
    join data.booking b on b.venue_id = v.id and b.status = 'confirmed'
    join data.open_match m on m.booking_id = b.id and m.cancelled_at is null
    join data.booking_split s on s.booking_id = b.id and s.closed_at is null and s.pay_by > now()
    cross join lateral (
      select min(x.start_at) as start_at, max(x.end_at) as end_at, min(x.court_id) as court_id
      from data.booking_slot bs join data.slot x on x.id = bs.slot_id
      where bs.booking_id = b.id and bs.active) sl
    join data.court c on c.id = sl.court_id
    where public.earth_box(origin, radius_km * 1000.0) @> data.venue_earth(v.lat, v.lng)
      and public.earth_distance(origin, data.venue_earth(v.lat, v.lng)) <= radius_km * 1000.0
      and sl.start_at >= q_from and sl.start_at < q_to
      and (q_sport is null or c.sport = q_sport)
      and (lvl is null or (lvl >= coalesce(m.level_min, 0) and lvl <= coalesce(m.level_max, 7)))
  )
  select f.match_id, f.booking_id, f.venue_id, f.venue_name, f.court_name, f.start_at, f.end_at,
         f.sport::text, f.shares, f.free, f.share_cents, f.currency::text, f.level_min, f.level_max,
         f.pay_by, round((f.meters / 1000.0)::numeric, 3)::float8
  from found f
  where f.free > 0
  order by f.start_at, f.meters, f.match_id
  limit 200;
end
$$;
comment on function api.open_matches(double precision, double precision, double precision, timestamptz, timestamptz, text, numeric) is
'Open matches with free seats within radius_km (default 10, at most 50) starting in [from, to) (default now .. 14 days), of a sport, whose level range includes level (default the caller''s profile level; none: every match): match_id, booking_id, venue_id, venue_name, court_name, start_at, end_at, sport, seats, seats_free, share_cents, currency, level_min, level_max, pay_by, distance_km; by start_at, distance; at most 200.';
grant execute on function api.open_matches(double precision, double precision, double precision, timestamptz, timestamptz, text, numeric)
  to anon, player, owner, admin;
