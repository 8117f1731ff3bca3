create type data.available_slot as (
  slot_id bigint,
  court_id bigint,
  venue_id bigint,
  start_at timestamptz,
  end_at timestamptz,
  price_cents integer,
  currency text
);
comment on type data.available_slot is 'A row of api.available_slots';

-- Only slots a hold would get right now: available, or held with a lapsed hold,
-- starting in the future. Read through slot_court_start_idx (court_id, start_at),
-- one index range scan per court. SECURITY INVOKER: everyone may read slots.
create function api.available_slots(
  venue_id bigint default null,
  court_id bigint default null,
  "from" timestamptz default null,
  "to" timestamptz default null,
  sport text default null
) returns setof data.available_slot
language plpgsql stable
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  q_from timestamptz := available_slots."from";
  q_to timestamptz := available_slots."to";
  q_venue bigint := available_slots.venue_id;
  q_court bigint := available_slots.court_id;
  q_sport data.sport;
begin
  if q_venue is null and q_court is null then
    perform data.api_error('invalid_input', 'venue_id or court_id is required', 400);
  end if;
  if q_from is null or q_to is null or not isfinite(q_from) or not isfinite(q_to) then
    perform data.api_error('invalid_input', 'from and to are required (finite timestamps)', 400);
  end if;
  if q_to <= q_from then
    perform data.api_error('invalid_input', 'to must be after from', 400);
  end if;
  -- In epoch seconds (numeric): timestamptz subtraction silently wraps around for
  -- instants ~290,000 years apart, which would pass an interval comparison.
  if extract(epoch from q_to) - extract(epoch from q_from) > 14 * 86400 then
    perform data.api_error('invalid_input', 'the window is at most 14 days', 400);
  end if;
  if sport is not null then
    if sport not in (select unnest(enum_range(null::data.sport))::text) then
      perform data.api_error('invalid_input', 'unknown sport', 400, sport);
    end if;
    q_sport := sport::data.sport;
  end if;
  if q_court is not null then
    if not exists (select from data.court c where c.id = q_court
                   and (q_venue is null or c.venue_id = q_venue)) then
      perform data.api_error('not_found', 'No such court', 404);
    end if;
  elsif not exists (select from data.venue v where v.id = q_venue) then
    perform data.api_error('not_found', 'No such venue', 404);
  end if;
  q_from := greatest(q_from, now());

  if q_court is not null then
    return query
    select s.id, s.court_id, c.venue_id, s.start_at, s.end_at, s.price_cents, v.currency::text
    from data.court c
    join data.venue v on v.id = c.venue_id
    join data.slot s on s.court_id = c.id
    where c.id = q_court
      and (q_sport is null or c.sport = q_sport)
      and s.start_at >= q_from and s.start_at < q_to and s.start_at > now()
      and (s.status = 'available' or (s.status = 'held' and s.held_until < now()))
    order by s.start_at, s.court_id;
  else
    return query
    select s.id, s.court_id, c.venue_id, s.start_at, s.end_at, s.price_cents, v.currency::text
    from data.court c
    join data.venue v on v.id = c.venue_id
    join data.slot s on s.court_id = c.id
    where c.venue_id = q_venue
      and (q_sport is null or c.sport = q_sport)
      and s.start_at >= q_from and s.start_at < q_to and s.start_at > now()
      and (s.status = 'available' or (s.status = 'held' and s.held_until < now()))
    order by s.start_at, s.court_id;
  end if;
end
$$;
comment on function api.available_slots(bigint, bigint, timestamptz, timestamptz, text) is
'Slots a hold would get right now at a venue or court, from..to (at most 14 days), optionally of one sport, by start_at, court_id: slot_id, court_id, venue_id, start_at, end_at, price_cents, currency';

grant execute on function api.available_slots(bigint, bigint, timestamptz, timestamptz, text)
  to anon, player, owner, admin;
