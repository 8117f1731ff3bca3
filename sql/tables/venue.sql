create table data.venue (
  id bigint generated always as identity primary key,
  owner_id uuid not null references data.app_user (id),
  name text not null check (length(btrim(name)) between 1 and 200),
  address text not null check (length(btrim(address)) between 1 and 500),
  city text not null check (length(btrim(city)) between 1 and 200),
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180),
  timezone text not null check (data.is_valid_timezone(timezone)),
  currency char(3) not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
  -- null: the platform default applies
  commission_bps integer check (commission_bps between 0 and 10000),
  cancellation_window_minutes integer not null default 1440
    check (cancellation_window_minutes between 0 and 43200),
  stripe_account_id text unique,
  stripe_charges_enabled boolean not null default false,
  stripe_payouts_enabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table data.venue is 'A place with courts, owned by one owner; its time zone rules its slots, its currency its prices';

create index venue_owner_idx on data.venue (owner_id);
-- nearby_venues: earth_box(...) @> data.venue_earth(lat, lng) uses this index.
-- The index is on a wrapper, not on public.ll_to_earth itself: earthdistance's SQL
-- functions call earth() and cube() unqualified, and the planner inlines an index
-- expression whenever it loads the table's indexes, so with ll_to_earth in the
-- index any query on data.venue from a function pinned to search_path=pg_catalog
-- (data.owns_venue, the SECURITY DEFINER api functions) failed on a fresh
-- connection with "function earth() does not exist". The SET clause keeps the
-- wrapper from being inlined; it runs ll_to_earth with public on the path.
create function data.venue_earth(lat double precision, lng double precision) returns public.earth
language sql immutable strict parallel safe
set search_path = pg_catalog, public
as $$
  select public.ll_to_earth(lat, lng)
$$;
comment on function data.venue_earth(double precision, double precision) is 'll_to_earth for venue_location_idx, safe under any search_path';
grant execute on function data.venue_earth(double precision, double precision) to anon, player, owner, admin;
create index venue_location_idx on data.venue using gist (data.venue_earth(lat, lng));

alter table data.venue enable row level security;

create policy everyone_reads_venues on data.venue
  for select to anon, player, owner, admin using (true);

-- SECURITY DEFINER: policies of other tables call it as the caller, who may not read owner_id.
create function data.owns_venue(venue_id bigint) returns boolean
language sql stable parallel safe security definer
set search_path = pg_catalog
as $$
  select exists (
    select from data.venue v where v.id = venue_id and v.owner_id = data.current_user_id()
  )
$$;
comment on function data.owns_venue(bigint) is 'True when the caller owns the venue';
grant execute on function data.owns_venue(bigint) to player, owner, admin;
