-- Input checks shared by the owner and admin functions: each raises invalid_input
-- (400) with the argument's name, so no bad input reaches a constraint.

create function data.clean_text(val text, arg text, max_len integer, required boolean default true)
returns text
language plpgsql immutable
set search_path = pg_catalog
as $$
declare
  t text := btrim(val);
begin
  if t is null or t = '' then
    if required then
      perform data.api_error('invalid_input', arg || ' is required', 400);
    end if;
    return null;
  end if;
  if length(t) > max_len then
    perform data.api_error('invalid_input', format('%s is at most %s characters', arg, max_len), 400);
  end if;
  return t;
end
$$;
comment on function data.clean_text(text, text, integer, boolean) is 'Trimmed text argument; invalid_input when missing (if required) or too long';

create function data.check_lat_lng(lat double precision, lng double precision) returns void
language plpgsql immutable
set search_path = pg_catalog
as $$
begin
  if lat is null or lng is null or lat = 'NaN'::float8 or lng = 'NaN'::float8
     or lat not between -90 and 90 or lng not between -180 and 180 then
    perform data.api_error('invalid_input', 'lat must be in -90..90 and lng in -180..180', 400);
  end if;
end
$$;
comment on function data.check_lat_lng(double precision, double precision) is 'invalid_input unless lat/lng are valid coordinates';

create function data.clean_timezone(tz text) returns text
language plpgsql stable
set search_path = pg_catalog
as $$
begin
  if tz is null or not data.is_valid_timezone(btrim(tz)) then
    perform data.api_error('invalid_input', 'timezone must be an IANA time zone name such as Europe/Madrid', 400, tz);
  end if;
  return btrim(tz);
end
$$;
comment on function data.clean_timezone(text) is 'A valid IANA zone name, else invalid_input';

create function data.clean_currency(cur text) returns text
language plpgsql immutable
set search_path = pg_catalog
as $$
begin
  if cur is null or upper(btrim(cur)) !~ '^[A-Z]{3}$' then
    perform data.api_error('invalid_input', 'currency must be an ISO 4217 code such as EUR', 400, cur);
  end if;
  return upper(btrim(cur));
end
$$;
comment on function data.clean_currency(text) is 'An upper-case three-letter currency code, else invalid_input';

create function data.clean_sport(sport text) returns data.sport
language plpgsql immutable
set search_path = pg_catalog
as $$
begin
  if sport is null or lower(btrim(sport)) not in (select unnest(enum_range(null::data.sport))::text) then
    perform data.api_error('invalid_input', 'sport must be one of '
      || array_to_string(enum_range(null::data.sport), ', '), 400, sport);
  end if;
  return lower(btrim(sport))::data.sport;
end
$$;
comment on function data.clean_sport(text) is 'A known sport, else invalid_input';

-- The slots an owner/admin operation targets: by ids, or by court and time range.
-- Unknown ids → not_found; a slot of someone else's venue → forbidden.
create function data.staff_slot_selection(slot_ids bigint[], court_id bigint, from_at timestamptz, to_at timestamptz)
returns bigint[]
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_staff();
  ids bigint[];
  unknown bigint[];
  venue_ids bigint[];
  vid bigint;
begin
  if slot_ids is not null then
    if court_id is not null or from_at is not null or to_at is not null then
      perform data.api_error('invalid_input', 'give either slot_ids or court_id with from and to', 400);
    end if;
    if cardinality(slot_ids) = 0 or cardinality(slot_ids) > 10000 or array_position(slot_ids, null) is not null then
      perform data.api_error('invalid_input', 'slot_ids must be 1 to 10000 slot ids without nulls', 400);
    end if;
    select array_agg(distinct x order by x) into ids from unnest(slot_ids) x;
    select array_agg(i.id order by i.id) filter (where s.id is null),
           array_agg(distinct c.venue_id) filter (where c.venue_id is not null)
    into unknown, venue_ids
    from unnest(ids) i(id)
    left join data.slot s on s.id = i.id
    left join data.court c on c.id = s.court_id;
    if unknown is not null then
      perform data.api_error('not_found', 'No such slot', 404, array_to_string(unknown, ','));
    end if;
    foreach vid in array venue_ids loop
      perform data.venue_for_staff(vid);
    end loop;
    return ids;
  end if;

  if court_id is null or from_at is null or to_at is null or not isfinite(from_at) or not isfinite(to_at) then
    perform data.api_error('invalid_input', 'give either slot_ids or court_id with from and to', 400);
  end if;
  -- epoch seconds: timestamptz subtraction wraps around for far-apart instants
  if to_at <= from_at or extract(epoch from to_at) - extract(epoch from from_at) > 400 * 86400 then
    perform data.api_error('invalid_input', 'to must be after from, at most 400 days later', 400);
  end if;
  perform data.court_for_staff(court_id);
  select coalesce(array_agg(s.id order by s.id), '{}') into ids
  from data.slot s
  where s.court_id = staff_slot_selection.court_id
    and s.start_at >= from_at and s.start_at < to_at;
  return ids;
end
$$;
comment on function data.staff_slot_selection(bigint[], bigint, timestamptz, timestamptz) is 'Slot ids selected by ids or by court and range, checked against the caller''s venues';
