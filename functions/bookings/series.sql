-- Recurring series at the desk (issue 20; sql/tables/booking_series.sql).
--
-- The occurrences of a series: week k starts at the local wall-clock time of
-- first_start (in the venue's zone) k weeks later, so 10:00 stays 10:00 across
-- a DST change (its UTC instant moves by an hour). An occurrence covers
-- [start, start + minutes) and needs the court's slots tiling exactly that span.
-- Its conflict, when it has one: past (already started), missing_slot (no slots
-- tile it: the court is closed then, the local time does not exist that day
-- (DST gap), or slots of another length), blocked, booked, held (a live hold;
-- a lapsed one counts as free), not_generated (the court's rules give the
-- slots but they are not generated yet: preview only, book_series generates
-- them first). Read without locks: book_series takes the slots through
-- data.desk_book (data.take_slots), so a racing hold loses or wins cleanly.

-- Does a rule of the court give slots tiling [local_start, local_start + minutes)
-- on that local day? (For weeks beyond the generated horizon.)
create function data.rules_cover(court_id bigint, local_start timestamp, minutes integer) returns boolean
language sql stable
set search_path = pg_catalog
as $$
  select exists (
    select from data.availability_rule r
    cross join lateral (select local_start::date + r.opens as opens_at,
                               local_start::date + r.closes
                                 + case when r.closes <= r.opens then interval '1 day' else interval '0' end as closes_at) w
    where r.court_id = rules_cover.court_id
      and r.weekday = extract(isodow from local_start)
      and local_start >= w.opens_at
      and local_start + make_interval(mins => minutes) <= w.closes_at
      and minutes % r.slot_minutes = 0
      and (extract(epoch from local_start - w.opens_at)::bigint / 60) % r.slot_minutes = 0)
$$;
comment on function data.rules_cover(bigint, timestamp, integer) is
  'True when one availability rule of the court gives slots tiling the local span (slots not generated yet)';

create function data.series_occurrences(court_id bigint, first_start timestamptz, weeks integer, minutes integer)
returns table (week integer, start_at timestamptz, end_at timestamptz, slot_ids bigint[], status text, conflict text)
language plpgsql stable
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  tz text := (select v.timezone from data.court c join data.venue v on v.id = c.venue_id where c.id = series_occurrences.court_id);
  local0 timestamp := first_start at time zone tz;
  k integer;
  local_k timestamp;
  s_at timestamptz;
  e_at timestamptz;
  ids bigint[];
  covered bigint;
  n_slots integer;
  worst text;
begin
  for k in 0 .. weeks - 1 loop
    local_k := local0 + make_interval(days => 7 * k);
    s_at := local_k at time zone tz;
    e_at := s_at + make_interval(mins => minutes);
    week := k + 1;
    start_at := s_at;
    end_at := e_at;
    -- the slots inside the span, and how much of it they cover
    select coalesce(array_agg(s.id order by s.start_at), '{}'),
           coalesce(sum(extract(epoch from s.end_at - s.start_at)), 0)::bigint,
           count(*),
           -- the worst status among them: blocked, booked, a live hold
           (array_agg(x.st order by x.rank) filter (where x.st is not null))[1]
    into ids, covered, n_slots, worst
    from data.slot s
    cross join lateral (select case
        when s.status = 'blocked' then 'blocked'
        when s.status = 'booked' then 'booked'
        when s.status = 'held' and s.held_until >= now() then 'held' end as st,
      case s.status when 'blocked' then 1 when 'booked' then 2 else 3 end as rank) x
    where s.court_id = series_occurrences.court_id and s.start_at >= s_at and s.end_at <= e_at;
    slot_ids := ids;
    if (s_at at time zone tz) <> local_k then
      status := 'conflict'; conflict := 'missing_slot'; slot_ids := '{}';  -- the local time does not exist (DST gap)
    elsif s_at <= now() then
      status := 'conflict'; conflict := 'past';
    elsif n_slots = 0 and data.rules_cover(series_occurrences.court_id, local_k, minutes)
          and not exists (select from data.slot s where s.court_id = series_occurrences.court_id
                          and s.start_at < e_at and s.end_at > s_at) then
      status := 'free'; conflict := 'not_generated';
    elsif n_slots = 0 or covered <> minutes * 60
          or not exists (select from data.slot s where s.court_id = series_occurrences.court_id and s.start_at = s_at) then
      status := 'conflict'; conflict := 'missing_slot';
    elsif worst is not null then
      status := 'conflict'; conflict := worst;
    else
      status := 'free'; conflict := null;
    end if;
    return next;
  end loop;
end
$$;
comment on function data.series_occurrences(bigint, timestamptz, integer, integer) is
  'The weekly occurrences of a series (local wall-clock start kept), each with its slots and its conflict (past, missing_slot, blocked, booked, held; not_generated: free once generated)';

-- The checked arguments of a series: the court (bookings permission at its
-- venue), weeks 2-52, a future first start, and the minutes (default: the
-- length of the court's slot starting at first_start, or of the rule's slots
-- there when they are not generated yet).
create function data.series_request(court_id bigint, first_start timestamptz, weeks integer, minutes integer,
  out court data.court, out span_minutes integer)
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
begin
  court := data.court_for_permission(series_request.court_id, 'bookings');
  if weeks is null or weeks not between 2 and 52 then
    perform data.api_error('invalid_input', 'weeks must be 2 to 52', 400);
  end if;
  if first_start is null or not isfinite(first_start) then
    perform data.api_error('invalid_input', 'first_start is required', 400);
  end if;
  if first_start <= now() then
    perform data.api_error('invalid_input', 'first_start must be in the future', 400);
  end if;
  if first_start > now() + interval '400 days' then
    perform data.api_error('invalid_input', 'first_start must be within 400 days', 400);
  end if;
  if minutes is not null then
    if minutes not between 5 and 720 then
      perform data.api_error('invalid_input', 'minutes must be 5 to 720', 400);
    end if;
    span_minutes := minutes;
  else
    select (extract(epoch from s.end_at - s.start_at) / 60)::integer into span_minutes
    from data.slot s where s.court_id = series_request.court_id and s.start_at = first_start;
    if span_minutes is null then
      -- not generated yet: the slot length of the rule that would give it
      select r.slot_minutes into span_minutes
      from data.availability_rule r
      join data.court c on c.id = r.court_id
      join data.venue v on v.id = c.venue_id
      where r.court_id = series_request.court_id
        and data.rules_cover(r.court_id, first_start at time zone v.timezone, r.slot_minutes)
      order by r.slot_minutes
      limit 1;
    end if;
    if span_minutes is null then
      perform data.api_error('invalid_input', 'No slot of this court starts at first_start (give minutes)', 400);
    end if;
  end if;
end
$$;
comment on function data.series_request(bigint, timestamptz, integer, integer) is
  'The court and span of a series request; forbidden / not_found / invalid_input';

create type api.series_preview as (occurrences json);
comment on type api.series_preview is
  'The answer of preview_series: {occurrences: [{start_at, end_at, slot_ids, status: free|conflict, conflict}]}';

create function api.preview_series(court_id bigint, first_start timestamptz, weeks integer, minutes integer default null)
returns api.series_preview
language plpgsql stable security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  r record := data.series_request(court_id, first_start, weeks, minutes);
begin
  return row((select json_agg(json_build_object(
      'week', o.week, 'start_at', o.start_at, 'end_at', o.end_at, 'slot_ids', to_json(o.slot_ids),
      'status', o.status, 'conflict', o.conflict) order by o.week)
    from data.series_occurrences((r.court).id, first_start, weeks, r.span_minutes) o))::api.series_preview;
end
$$;
comment on function api.preview_series(bigint, timestamptz, integer, integer) is
'The weekly occurrences a series would book (the local start of first_start kept across DST), each free or with its conflict: past, missing_slot, blocked, booked, held; not_generated (free: book_series generates the slots first). Needs the bookings permission. Also GET.';

create type api.series_booking as (series_id bigint, booked bigint[], skipped timestamptz[]);
comment on type api.series_booking is 'The answer of book_series: {series_id, booked: [booking ids], skipped: [start_at]}';

create function api.book_series(court_id bigint, first_start timestamptz, weeks integer, customer_name text,
  on_conflict text default 'fail', customer_phone text default null, customer_email text default null,
  note text default null, minutes integer default null)
returns api.series_booking
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_staff();
  r record := data.series_request(court_id, first_start, weeks, minutes);
  c record := data.clean_customer(customer_name, customer_phone, customer_email, note);
  v data.venue;
  tz_first date;
  o record;
  d record;
  v_series_id bigint;
  booked bigint[] := '{}';
  skipped timestamptz[] := '{}';
  conflicting bigint[] := '{}';
  missing timestamptz[] := '{}';
begin
  if on_conflict is null or on_conflict not in ('fail', 'skip') then
    perform data.api_error('invalid_input', 'on_conflict must be fail or skip', 400);
  end if;
  select * into v from data.venue t where t.id = (r.court).venue_id;
  -- The horizon: the late weeks' slots are generated first (idempotent, never
  -- touches existing slots), so they are booked, not skipped.
  tz_first := (first_start at time zone v.timezone)::date;
  perform data.generate_court_slots((r.court).id, tz_first, 7 * (weeks - 1) + 1);

  for o in select * from data.series_occurrences((r.court).id, first_start, weeks, r.span_minutes) loop
    if o.status = 'conflict' or o.conflict is not null then
      conflicting := conflicting || o.slot_ids;
      missing := missing || o.start_at;
    end if;
  end loop;
  if on_conflict = 'fail' and cardinality(missing) > 0 then
    perform data.api_error('slot_unavailable',
      format('%s of %s weeks conflict (held, booked, blocked, missing or past): nothing booked', cardinality(missing), weeks), 409,
      array_to_string(array(select distinct x from unnest(conflicting) x order by x), ','),
      'Conflicting weeks start at ' || array_to_string(missing, ', '));
  end if;

  insert into data.booking_series (venue_id, court_id, first_start, local_start, weekday, minutes, weeks,
                                   customer_name, customer_phone, customer_email, note, created_by)
  values (v.id, (r.court).id, first_start, (first_start at time zone v.timezone)::time,
          extract(isodow from first_start at time zone v.timezone), r.span_minutes, weeks,
          c.name, c.phone, c.email, c.clean_note, uid)
  returning id into v_series_id;

  for o in select * from data.series_occurrences((r.court).id, first_start, weeks, r.span_minutes) loop
    if o.status = 'conflict' or o.conflict is not null then
      if on_conflict = 'fail' then
        -- taken since the check above (a racing hold committed): all or nothing
        perform data.api_error('slot_unavailable', 'A week of the series was taken meanwhile: nothing booked', 409,
          array_to_string(o.slot_ids, ','), 'Conflicting week starts at ' || o.start_at);
      end if;
      skipped := skipped || o.start_at;
      continue;
    end if;
    if on_conflict = 'fail' then
      -- a racing hold makes take_slots raise slot_unavailable: all rolled back
      select * into d from data.desk_book(v.id, v.currency, o.slot_ids, c.name, c.phone, c.email, c.clean_note,
                                          uid, v_series_id);
      booked := booked || d.booking_id;
    else
      begin
        select * into d from data.desk_book(v.id, v.currency, o.slot_ids, c.name, c.phone, c.email, c.clean_note,
                                            uid, v_series_id);
        booked := booked || d.booking_id;
      exception when sqlstate 'PGRST' then
        -- lost a race for this week's slots (slot_unavailable): skip the week
        skipped := skipped || o.start_at;
      end;
    end if;
  end loop;
  if cardinality(booked) = 0 then
    perform data.api_error('slot_unavailable', 'No week of the series is free: nothing booked', 409,
      array_to_string(array(select distinct x from unnest(conflicting) x order by x), ','));
  end if;
  return row(v_series_id, booked, skipped)::api.series_booking;
end
$$;
comment on function api.book_series(bigint, timestamptz, integer, text, text, text, text, text, integer) is
'Books a court every week for weeks (2-52) at the local start of first_start, for a named customer, paid at the venue: one confirmed walk-in booking per occurrence, linked to the series. Slots of late weeks are generated first. on_conflict fail: all or nothing, slot_unavailable listing every conflicting slot (the weeks in hint); skip: books the free weeks, the others in skipped. Needs the bookings permission. {series_id, booked, skipped}';

create type api.series_cancellation as (series_id bigint, cancelled integer);
comment on type api.series_cancellation is 'The answer of cancel_series: {series_id, cancelled: n}';

create function api.cancel_series(series_id bigint, from_start timestamptz default null, reason text default null)
returns api.series_cancellation
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_staff();
  s data.booking_series;
  bid bigint;
  b data.booking;
  n integer := 0;
  why text := coalesce(data.clean_text(reason, 'reason', 500, false), 'series cancelled');
begin
  if series_id is null then
    perform data.api_error('invalid_input', 'series_id is required', 400);
  end if;
  if from_start is not null and not isfinite(from_start) then
    perform data.api_error('invalid_input', 'from_start must be a time', 400);
  end if;
  select * into s from data.booking_series t where t.id = cancel_series.series_id for update;
  if s.id is null then
    perform data.api_error('not_found', 'No such series', 404);
  end if;
  perform data.venue_for_permission(s.venue_id, 'bookings');
  -- this and the following occurrences (from_start), or every future one;
  -- booking first, then its slots (docs/engine.md's lock order), in start order
  for bid in
    select b2.id from data.booking b2
    cross join lateral data.booking_span(b2.id) sp
    where b2.series_id = s.id and b2.status = 'confirmed'
      and sp.starts_at > now() and sp.starts_at >= coalesce(from_start, now())
    order by sp.starts_at
  loop
    b := data.lock_booking(bid);
    if b.status = 'confirmed' then
      perform data.cancel_booking_as(b, why, uid, true, true);
      n := n + 1;
    end if;
  end loop;
  if not exists (select from data.booking b3 cross join lateral data.booking_span(b3.id) sp
                 where b3.series_id = s.id and b3.status = 'confirmed' and sp.starts_at > now()) then
    update data.booking_series t set cancelled_at = coalesce(t.cancelled_at, now()) where t.id = s.id;
  end if;
  return row(s.id, n)::api.series_cancellation;
end
$$;
comment on function api.cancel_series(bigint, timestamptz, text) is
'Cancels the occurrences of a series that start at or after from_start (this and the following ones), or every future one (null); past occurrences stay. Nothing was paid online: no refund. Needs the bookings permission. {series_id, cancelled: n}';

grant execute on function api.preview_series(bigint, timestamptz, integer, integer),
  api.book_series(bigint, timestamptz, integer, text, text, text, text, text, integer),
  api.cancel_series(bigint, timestamptz, text) to owner, admin;
