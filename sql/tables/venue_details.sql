-- A venue's details for the marketplace (0.2, API.md GET /venues): a description,
-- photos and amenities, set by its owner (create_venue, update_venue), and the
-- price its courts start from.
--
-- Photos are links to images hosted elsewhere (courtbook stores no files): https
-- only, so an app never loads mixed content nor follows another scheme
-- (javascript:, data:), at most 10 per venue, each at most 2048 characters (the
-- length every browser and CDN accepts), in the owner's order (the first is the
-- cover). Amenities are words of a fixed vocabulary, not free text: an app shows
-- an icon and a translated label for each and filters on them
-- (`amenities=cs.{parking}`), which free strings ("Parking", "parking lot",
-- "aparcamiento") would defeat. The vocabulary only grows (a later change replaces
-- data.venue_amenity_names with a longer list): removing a word would leave rows
-- the constraint no longer accepts.

create function data.venue_amenity_names() returns text[]
language sql immutable parallel safe
set search_path = pg_catalog
as $$
  select '{accessible,air_conditioning,bar,bike_parking,cafe,changing_rooms,coaching,equipment_rental,first_aid,'
         'floodlights,gym,heating,kids_area,lockers,parking,pool,pro_shop,restaurant,sauna,showers,'
         'spectator_seating,towels,wifi}'::text[]
$$;
comment on function data.venue_amenity_names() is
  'The vocabulary of venue amenities (sorted); it only grows, a word once in it stays';
grant execute on function data.venue_amenity_names() to anon, player, owner, admin;

-- One photo URL: https, a host (letters, digits, dots, hyphens: an international
-- name in its xn-- form), an optional port, then only the characters RFC 3986
-- allows in a path, query and fragment (no spaces, quotes or angle brackets).
create function data.is_photo_url(url text) returns boolean
language sql immutable strict parallel safe
set search_path = pg_catalog
as $$
  select length(url) <= 2048
     and url ~ '^https://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?([/?#][A-Za-z0-9._~:/?#@!$&''()*+,;=%\[\]-]*)?$'
$$;
comment on function data.is_photo_url(text) is
  'True for an https URL of at most 2048 characters with a host and no characters outside RFC 3986';
grant execute on function data.is_photo_url(text) to anon, player, owner, admin;

create function data.venue_photos_ok(photos text[]) returns boolean
language sql immutable strict parallel safe
set search_path = pg_catalog
as $$
  select coalesce(array_ndims(photos), 1) = 1
     and cardinality(photos) <= 10
     and (select bool_and(coalesce(data.is_photo_url(p), false)) and count(distinct p) = count(*)
          from unnest(photos) p) is not false
$$;
comment on function data.venue_photos_ok(text[]) is
  'True for a list of at most 10 distinct photo URLs (data.is_photo_url), none null';
grant execute on function data.venue_photos_ok(text[]) to anon, player, owner, admin;

create function data.venue_amenities_ok(amenities text[]) returns boolean
language sql immutable strict parallel safe
set search_path = pg_catalog
as $$
  select coalesce(array_ndims(amenities), 1) = 1
     and (select bool_and(coalesce(a = any (data.venue_amenity_names()), false)) and count(distinct a) = count(*)
          from unnest(amenities) a) is not false
$$;
comment on function data.venue_amenities_ok(text[]) is
  'True for a list of distinct words of data.venue_amenity_names(), none null';
grant execute on function data.venue_amenities_ok(text[]) to anon, player, owner, admin;

alter table data.venue
  add column description text
    constraint venue_description_length check (length(btrim(description)) between 1 and 2000),
  add column photos text[] not null default '{}'
    constraint venue_photos_valid check (data.venue_photos_ok(photos)),
  add column amenities text[] not null default '{}'
    constraint venue_amenities_valid check (data.venue_amenities_ok(amenities));
comment on column data.venue.description is
  'What the venue says about itself to players (1 to 2000 characters, plain text), or null';
comment on column data.venue.photos is
  'Photo URLs, https only (at most 10, each at most 2048 characters, distinct), in display order: the first is the cover';
comment on column data.venue.amenities is
  'Amenities, words of data.venue_amenity_names() (distinct; create_venue and update_venue store them sorted)';
-- Public details: anon and players read them as the other public columns of a
-- venue (sql/privileges.sql grants those column by column).
grant select (description, photos, amenities) on data.venue to anon, player;

-- The price a venue's courts start from: the cheapest price of their weekly rules
-- (what generate_slots prices new slots at), none when no court has a rule. Kept
-- by triggers rather than computed per read: GET /venues lists up to every venue
-- of a city, and a per-row lookup of its courts' rules cost more than the rest of
-- the row (measured: 2,000 venues of 4 courts and 21 rules each, about 0.2 ms a
-- venue, with the security-definer call players and anon need, who cannot read
-- rules). In a table of its own, not a column of data.venue: every update of a
-- venue row re-checks its constraints, the time zone's among them (a scan of
-- pg_timezone_names, tens of milliseconds), which set_availability would pay.
create table data.venue_price (
  venue_id bigint primary key references data.venue (id) on delete cascade,
  price_from_cents integer not null check (price_from_cents > 0)
);
comment on table data.venue_price is
  'The price each venue starts from (no row: none): kept by triggers on data.availability_rule and data.court, never written by hand';
comment on column data.venue_price.price_from_cents is
  'The cheapest price_cents of the venue''s courts'' availability rules, in cents of its currency';

alter table data.venue_price enable row level security;
-- As courts and slots: the price of every venue the caller may read.
create policy everyone_reads_prices_of_readable_venues on data.venue_price
  for select to anon, player, owner, admin using (venue_id in (select v.id from data.venue v));
grant select on data.venue_price to anon, player, owner, admin;

-- Recomputes the prices of the given venues from their rules. The venue rows are
-- locked first (in id order; no key update: bookings' and courts' foreign keys,
-- which take key share, are not held up) and the rules read in the next
-- statement, so two transactions changing rules of one venue at once never leave
-- a price computed from a snapshot without the other's rules (read committed:
-- each statement of a volatile function sees what committed before it). Locking
-- a row writes no new version of it: its constraints are not checked again.
create function data.refresh_venue_price_from(venue_ids bigint[]) returns void
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
begin
  if venue_ids is null or cardinality(venue_ids) = 0 then
    return;
  end if;
  perform from data.venue v where v.id = any (venue_ids) order by v.id for no key update;
  with fresh as (
    select x.id as venue_id,
           (select min(r.price_cents) from data.court c join data.availability_rule r on r.court_id = c.id
            where c.venue_id = x.id) as price
    from (select distinct unnest(venue_ids) as id) x
    where exists (select from data.venue v where v.id = x.id)
  ), gone as (
    delete from data.venue_price p using fresh f where p.venue_id = f.venue_id and f.price is null
  )
  insert into data.venue_price as p (venue_id, price_from_cents)
  select f.venue_id, f.price from fresh f where f.price is not null
  on conflict (venue_id) do update set price_from_cents = excluded.price_from_cents
  where p.price_from_cents <> excluded.price_from_cents;
end
$$;
comment on function data.refresh_venue_price_from(bigint[]) is
  'Recomputes data.venue_price (the cheapest rule price of its courts) of the given venues';

-- After each statement on availability rules, the venues of the courts it touched.
create function data.venue_price_from_after_rules() returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
begin
  if tg_op = 'INSERT' then
    perform data.refresh_venue_price_from(array(
      select distinct c.venue_id from new_rules n join data.court c on c.id = n.court_id));
  elsif tg_op = 'DELETE' then
    perform data.refresh_venue_price_from(array(
      select distinct c.venue_id from old_rules o join data.court c on c.id = o.court_id));
  else
    perform data.refresh_venue_price_from(array(
      select distinct c.venue_id
      from (select court_id from new_rules union select court_id from old_rules) t
      join data.court c on c.id = t.court_id));
  end if;
  return null;
end
$$;
comment on function data.venue_price_from_after_rules() is
  'Trigger: keeps data.venue_price of the venues whose courts'' rules a statement changed';
create trigger venue_price_from_after_insert after insert on data.availability_rule
  referencing new table as new_rules
  for each statement execute function data.venue_price_from_after_rules();
create trigger venue_price_from_after_update after update on data.availability_rule
  referencing new table as new_rules old table as old_rules
  for each statement execute function data.venue_price_from_after_rules();
create trigger venue_price_from_after_delete after delete on data.availability_rule
  referencing old table as old_rules
  for each statement execute function data.venue_price_from_after_rules();

-- A court deleted (its rules go with it, by cascade, before this trigger: its name
-- sorts after the foreign key's) or moved to another venue changes the price of
-- its venues.
create function data.venue_price_from_after_court() returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
begin
  perform data.refresh_venue_price_from(array[old.venue_id] || case when tg_op = 'UPDATE' then array[new.venue_id] end);
  return null;
end
$$;
comment on function data.venue_price_from_after_court() is
  'Trigger: keeps data.venue_price when a court is deleted or moves to another venue';
create trigger venue_price_from_after_court after delete or update of venue_id on data.court
  for each row execute function data.venue_price_from_after_court();

-- The venues that exist already.
select data.refresh_venue_price_from(array(select v.id from data.venue v));
