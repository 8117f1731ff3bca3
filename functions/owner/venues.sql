-- 0.2: both take the venue's country (ISO 3166-1 alpha-2, the country of its Stripe
-- Express account), and its details for the marketplace: description, photos
-- (https URLs) and amenities (a fixed vocabulary), see sql/tables/venue_details.sql. A new argument makes a new signature, so the 0.1 versions go
-- first: two overloads would make PostgREST's call ambiguous (PGRST203). Both answer
-- named types (PostgREST's OpenAPI description shows them), no longer json.
drop function api.create_venue(text, text, text, double precision, double precision, text, text, integer, uuid);
drop function api.update_venue(bigint, text, text, text, double precision, double precision, text, text, integer);

create type api.venue_created as (venue_id bigint, review_status text);
comment on type api.venue_created is 'The answer of create_venue';
comment on column api.venue_created.venue_id is 'The new venue';
comment on column api.venue_created.review_status is
  'pending_review (until an admin publishes it with review_venue) or published';

create type api.venue_answer as (venue_id bigint);
comment on type api.venue_answer is 'The answer of update_venue';
comment on column api.venue_answer.venue_id is 'The updated venue';

-- The country an API caller gave, upper-cased and checked; null stays null.
create function data.clean_country(country text) returns char(2)
language plpgsql immutable parallel safe
set search_path = pg_catalog
as $$
declare
  code text := upper(btrim(country));
begin
  if country is null then
    return null;
  end if;
  if not data.is_iso_country(code) then
    perform data.api_error('invalid_input', 'country must be an ISO 3166-1 alpha-2 code (e.g. ES, FR, GB)', 400, left(country, 20));
  end if;
  return code;
end
$$;
comment on function data.clean_country(text) is
  'An ISO 3166-1 alpha-2 country from API input (trimmed, upper-cased), or invalid_input; null stays null';

-- Photo URLs an API caller gave, each trimmed, in their order; invalid_input naming
-- the first bad one. null stays null (update_venue: unchanged).
create function data.clean_photos(photos text[]) returns text[]
language plpgsql immutable parallel safe
set search_path = pg_catalog
as $$
declare
  cleaned text[] := '{}';
  raw text;
  url text;
  i integer := 0;
begin
  if photos is null then
    return null;
  end if;
  if coalesce(array_ndims(photos), 1) <> 1 then
    perform data.api_error('invalid_input', 'photos must be a list of URLs', 400);
  end if;
  if cardinality(photos) > 10 then
    perform data.api_error('invalid_input', 'at most 10 photos', 400);
  end if;
  foreach raw in array photos loop
    i := i + 1;
    url := btrim(raw);
    if url is null or not data.is_photo_url(url) then
      perform data.api_error('invalid_input',
        format('photos[%s] must be an https:// URL of at most 2048 characters (no spaces)', i), 400, left(raw, 200));
    end if;
    if url = any (cleaned) then
      perform data.api_error('invalid_input', format('photos[%s] repeats a photo', i), 400, left(raw, 200));
    end if;
    cleaned := cleaned || url;
  end loop;
  return cleaned;
end
$$;
comment on function data.clean_photos(text[]) is
  'Photo URLs from API input (trimmed, in order), or invalid_input: https only, at most 10, distinct; null stays null';

-- Amenities an API caller gave, trimmed and lower-cased, once each, sorted;
-- invalid_input naming the first unknown one and the vocabulary. null stays null.
create function data.clean_amenities(amenities text[]) returns text[]
language plpgsql immutable parallel safe
set search_path = pg_catalog
as $$
declare
  known text[] := data.venue_amenity_names();
  raw text;
  i integer := 0;
begin
  if amenities is null then
    return null;
  end if;
  if coalesce(array_ndims(amenities), 1) <> 1 then
    perform data.api_error('invalid_input', 'amenities must be a list of words', 400);
  end if;
  foreach raw in array amenities loop
    i := i + 1;
    if raw is null or not lower(btrim(raw)) = any (known) then
      perform data.api_error('invalid_input',
        format('amenities[%s]: %s is not an amenity; known: %s', i,
               coalesce('"' || left(btrim(raw), 50) || '"', 'null'), array_to_string(known, ', ')), 400);
    end if;
  end loop;
  return array(select distinct lower(btrim(a)) from unnest(amenities) a order by 1);
end
$$;
comment on function data.clean_amenities(text[]) is
  'Amenities from API input (trimmed, lower-cased, distinct, sorted), or invalid_input naming the vocabulary; null stays null';

create function api.create_venue(
  name text,
  address text,
  city text,
  lat double precision,
  lng double precision,
  timezone text,
  currency text default 'EUR',
  cancellation_window_minutes integer default null,
  owner_id uuid default null,
  country text default 'ES',
  description text default null,
  photos text[] default null,
  amenities text[] default null
) returns api.venue_created
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_staff();
  new_owner uuid := uid;
  new_id bigint;
  new_status text;
begin
  -- An admin may create a venue for an owner; an owner only for themselves.
  if create_venue.owner_id is not null and create_venue.owner_id <> uid then
    if not data.is_admin() then
      perform data.api_error('forbidden', 'Only admins may create venues for another owner', 403);
    end if;
    if not exists (select from data.app_user u where u.id = create_venue.owner_id and u.role = 'owner') then
      perform data.api_error('invalid_input', 'owner_id must be an owner account', 400);
    end if;
    new_owner := create_venue.owner_id;
  end if;
  if not exists (select from data.app_user u where u.id = new_owner) then
    perform data.api_error('forbidden', 'No account for this token', 403);
  end if;
  perform data.check_lat_lng(lat, lng);
  if cancellation_window_minutes is not null and cancellation_window_minutes not between 0 and 43200 then
    perform data.api_error('invalid_input', 'cancellation_window_minutes must be in 0..43200', 400);
  end if;
  -- Venue publication: an owner's venue waits for an admin's review when the
  -- platform requires it (venue_review_required, default true); an admin's is
  -- published at once.
  new_status := case when data.is_admin()
                       or not coalesce((select s.venue_review_required from data.platform_settings s), true)
                     then 'published' else 'pending_review' end;
  insert into data.venue (owner_id, name, address, city, lat, lng, timezone, currency, cancellation_window_minutes, country,
                          review_status, description, photos, amenities)
  values (new_owner,
          data.clean_text(create_venue.name, 'name', 200),
          data.clean_text(create_venue.address, 'address', 500),
          data.clean_text(create_venue.city, 'city', 200),
          create_venue.lat, create_venue.lng,
          data.clean_timezone(create_venue.timezone),
          data.clean_currency(coalesce(create_venue.currency, 'EUR')),
          coalesce(create_venue.cancellation_window_minutes, 1440),
          coalesce(data.clean_country(create_venue.country), 'ES'),
          new_status,
          data.clean_text(create_venue.description, 'description', 2000, false),
          coalesce(data.clean_photos(create_venue.photos), '{}'),
          coalesce(data.clean_amenities(create_venue.amenities), '{}'))
  returning id into new_id;
  return row(new_id, new_status)::api.venue_created;
end
$$;
comment on function api.create_venue(text, text, text, double precision, double precision, text, text, integer, uuid, text, text, text[], text[]) is
'Creates a venue owned by the caller (an admin may pass owner_id); country: ISO 3166-1 alpha-2 (default ES), the country of its Stripe account; description (at most 2000 characters), photos (https URLs, at most 10, the first is the cover), amenities (words of data.venue_amenity_names(): accessible, parking, showers, ...). {venue_id, review_status}: pending_review (seen by its owner and admins only until an admin publishes it with review_venue) when the platform requires review and the caller is an owner, else published';
grant execute on function api.create_venue(text, text, text, double precision, double precision, text, text, integer, uuid, text, text, text[], text[])
  to owner, admin;

create function api.update_venue(
  venue_id bigint,
  name text default null,
  address text default null,
  city text default null,
  lat double precision default null,
  lng double precision default null,
  timezone text default null,
  currency text default null,
  cancellation_window_minutes integer default null,
  country text default null,
  description text default null,
  photos text[] default null,
  amenities text[] default null
) returns api.venue_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  v data.venue := data.venue_for_staff(update_venue.venue_id, true);
begin
  if (update_venue.lat is null) <> (update_venue.lng is null) then
    perform data.api_error('invalid_input', 'lat and lng go together', 400);
  end if;
  if update_venue.lat is not null then
    perform data.check_lat_lng(update_venue.lat, update_venue.lng);
  end if;
  if update_venue.cancellation_window_minutes is not null
     and update_venue.cancellation_window_minutes not between 0 and 43200 then
    perform data.api_error('invalid_input', 'cancellation_window_minutes must be in 0..43200', 400);
  end if;
  update data.venue t set
    name = coalesce(data.clean_text(update_venue.name, 'name', 200, false), t.name),
    address = coalesce(data.clean_text(update_venue.address, 'address', 500, false), t.address),
    city = coalesce(data.clean_text(update_venue.city, 'city', 200, false), t.city),
    lat = coalesce(update_venue.lat, t.lat),
    lng = coalesce(update_venue.lng, t.lng),
    timezone = case when update_venue.timezone is null then t.timezone
                    else data.clean_timezone(update_venue.timezone) end,
    currency = case when update_venue.currency is null then t.currency
                    else data.clean_currency(update_venue.currency) end,
    cancellation_window_minutes = coalesce(update_venue.cancellation_window_minutes, t.cancellation_window_minutes),
    country = coalesce(data.clean_country(update_venue.country), t.country),
    -- An empty description or list clears it; null leaves it as it is.
    description = case when update_venue.description is null then t.description
                       else data.clean_text(update_venue.description, 'description', 2000, false) end,
    photos = coalesce(data.clean_photos(update_venue.photos), t.photos),
    amenities = coalesce(data.clean_amenities(update_venue.amenities), t.amenities),
    updated_at = now()
  where t.id = v.id;
  return row(v.id)::api.venue_answer;
end
$$;
comment on function api.update_venue(bigint, text, text, text, double precision, double precision, text, text, integer, text, text, text[], text[]) is
'Updates the given fields of a venue the caller manages (existing slots keep their instants and prices); an empty description, photos or amenities clears it. {venue_id}';
grant execute on function api.update_venue(bigint, text, text, text, double precision, double precision, text, text, integer, text, text, text[], text[])
  to owner, admin;
