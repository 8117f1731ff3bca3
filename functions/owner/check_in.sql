-- Check-in and no-shows at the desk (issue 20; sql/tables/booking_check_in.sql).
-- check_in and mark_no_show need the bookings permission at the venue (the
-- desk); undo_no_show and set_no_show_rules are the owner's (or an admin's).
-- Every state error is invalid_input (400) with a message saying why; nothing
-- changes then. Marking the same booking again answers as the first time.

-- The time span of a booking's active slots.
create function data.booking_span(booking_id bigint, out starts_at timestamptz, out ends_at timestamptz)
language sql stable
set search_path = pg_catalog
as $$
  select min(s.start_at), max(s.end_at)
  from data.booking_slot bs join data.slot s on s.id = bs.slot_id
  where bs.booking_id = booking_span.booking_id and bs.active
$$;
comment on function data.booking_span(bigint) is 'First start and last end of a booking''s active slots';

-- The player's no-shows at the venue marked in the last 90 days.
create function data.no_show_count(venue_id bigint, player_id uuid) returns integer
language sql stable
set search_path = pg_catalog
as $$
  select count(*)::integer from data.booking b
  where b.venue_id = no_show_count.venue_id and b.player_id = no_show_count.player_id
    and b.no_show_at > now() - interval '90 days'
$$;
comment on function data.no_show_count(bigint, uuid) is 'No-shows of a player at a venue marked in the last 90 days';

create function data.active_suspension_until(venue_id bigint, player_id uuid) returns timestamptz
language sql stable
set search_path = pg_catalog
as $$
  select max(s.until) from data.player_suspension s
  where s.venue_id = active_suspension_until.venue_id and s.player_id = active_suspension_until.player_id
    and s.lifted_at is null and s.until > now()
$$;
comment on function data.active_suspension_until(bigint, uuid) is 'The end of the player''s active suspension at the venue, or null';

-- A confirmed booking of a venue where the caller may do `permission`, locked.
create function data.lock_desk_booking(booking_id bigint, permission text) returns data.booking
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  b data.booking;
begin
  perform data.require_staff();
  b := data.lock_booking(booking_id);
  if permission is null then
    perform data.venue_for_staff(b.venue_id);
  else
    perform data.venue_for_permission(b.venue_id, permission);
  end if;
  if b.status <> 'confirmed' then
    perform data.api_error('invalid_input', format('The booking is %s, not confirmed', b.status), 400);
  end if;
  return b;
end
$$;
comment on function data.lock_desk_booking(bigint, text) is
  'The confirmed booking, locked, when the caller may do the permission at its venue (null: owner or admin only)';

create type api.check_in_answer as (booking_id bigint, checked_in_at timestamptz);
comment on type api.check_in_answer is 'The answer of check_in: {booking_id, checked_in_at}';

create function api.check_in(booking_id bigint) returns api.check_in_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_staff();
  b data.booking := data.lock_desk_booking(check_in.booking_id, 'bookings');
  span record;
begin
  if b.checked_in_at is not null then
    return row(b.id, b.checked_in_at)::api.check_in_answer;
  end if;
  if b.no_show_at is not null then
    perform data.api_error('invalid_input', 'The booking is marked as a no-show (the owner may undo it first)', 400);
  end if;
  select * into span from data.booking_span(b.id);
  if now() < span.starts_at - interval '60 minutes' or now() > span.ends_at then
    perform data.api_error('invalid_input', 'Check-in is open from 60 minutes before the start until the end', 400,
      to_char((span.starts_at - interval '60 minutes') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '/'
      || to_char(span.ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
  end if;
  update data.booking t set checked_in_at = now(), checked_in_by = uid where t.id = b.id;
  return row(b.id, now())::api.check_in_answer;
end
$$;
comment on function api.check_in(bigint) is
'The desk checks a confirmed booking in, from 60 minutes before its start until its end (invalid_input otherwise). Again: the same answer. Needs the bookings permission. {booking_id, checked_in_at}';

create type api.no_show_answer as (booking_id bigint, no_shows integer, suspended_until timestamptz);
comment on type api.no_show_answer is
  'The answer of mark_no_show / undo_no_show: {booking_id, no_shows (the player''s at this venue in the last 90 days; null for a walk-in), suspended_until (null: not suspended)}';

create function api.mark_no_show(booking_id bigint) returns api.no_show_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_staff();
  b data.booking := data.lock_desk_booking(mark_no_show.booking_id, 'bookings');
  v data.venue;
  span record;
  n integer;
  until_at timestamptz;
begin
  if b.checked_in_at is not null then
    perform data.api_error('invalid_input', 'The booking was checked in', 400);
  end if;
  select * into v from data.venue t where t.id = b.venue_id;
  if b.no_show_at is null then
    select * into span from data.booking_span(b.id);
    if now() < span.starts_at then
      perform data.api_error('invalid_input', 'A no-show can be marked once the booking has started', 400,
        to_char(span.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
    end if;
    if now() > span.ends_at + interval '7 days' then
      perform data.api_error('invalid_input', 'A no-show can be marked until 7 days after the end', 400);
    end if;
    update data.booking t set no_show_at = now(), no_show_by = uid where t.id = b.id;
  end if;
  if b.player_id is null then
    return row(b.id, null, null)::api.no_show_answer; -- a walk-in: no account to count
  end if;
  -- One player's no-shows at one venue are counted one transaction at a time,
  -- so two desks marking at once cannot both miss the limit.
  perform pg_advisory_xact_lock(hashtext('no_show:' || b.venue_id), hashtext(b.player_id::text));
  n := data.no_show_count(b.venue_id, b.player_id);
  until_at := data.active_suspension_until(b.venue_id, b.player_id);
  if b.no_show_at is null then
    perform data.notify(b.player_id, 'no_show_recorded', b.id,
      jsonb_build_object('venue_id', v.id, 'venue_name', v.name, 'no_shows', n, 'no_show_limit', v.no_show_limit));
    if v.no_show_limit is not null and n >= v.no_show_limit and until_at is null then
      until_at := now() + make_interval(days => v.no_show_suspension_days);
      insert into data.player_suspension (venue_id, player_id, until, no_shows, booking_id)
      values (v.id, b.player_id, until_at, n, b.id);
      perform data.notify(b.player_id, 'player_suspended', b.id,
        jsonb_build_object('venue_id', v.id, 'venue_name', v.name, 'no_shows', n, 'until', until_at));
    end if;
  end if;
  return row(b.id, n, until_at)::api.no_show_answer;
end
$$;
comment on function api.mark_no_show(bigint) is
'The desk marks a confirmed booking that was not checked in a no-show, from its start until 7 days after its end. At the venue''s no_show_limit (no-shows marked in 90 days) the player is suspended there for no_show_suspension_days (hold_slots: player_suspended). Needs the bookings permission. {booking_id, no_shows, suspended_until}';

create function api.undo_no_show(booking_id bigint) returns api.no_show_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_staff();
  b data.booking := data.lock_desk_booking(undo_no_show.booking_id, null);
  v data.venue;
  n integer;
  until_at timestamptz;
begin
  if b.no_show_at is null then
    perform data.api_error('invalid_input', 'The booking is not marked as a no-show', 400);
  end if;
  if b.no_show_at < now() - interval '24 hours' then
    perform data.api_error('invalid_input', 'A no-show can be undone within 24 hours of marking it', 400);
  end if;
  select * into v from data.venue t where t.id = b.venue_id;
  update data.booking t set no_show_at = null, no_show_by = null where t.id = b.id;
  if b.player_id is null then
    return row(b.id, null, null)::api.no_show_answer;
  end if;
  perform pg_advisory_xact_lock(hashtext('no_show:' || b.venue_id), hashtext(b.player_id::text));
  n := data.no_show_count(b.venue_id, b.player_id);
  if v.no_show_limit is null or n < v.no_show_limit then
    update data.player_suspension s set lifted_at = now(), lifted_by = uid
    where s.venue_id = v.id and s.player_id = b.player_id and s.lifted_at is null and s.until > now();
    if found then
      perform data.notify(b.player_id, 'suspension_lifted', b.id,
        jsonb_build_object('venue_id', v.id, 'venue_name', v.name));
    end if;
  end if;
  until_at := data.active_suspension_until(b.venue_id, b.player_id);
  return row(b.id, n, until_at)::api.no_show_answer;
end
$$;
comment on function api.undo_no_show(bigint) is
'The venue''s owner (or an admin) undoes a no-show within 24 hours of marking it; a suspension it caused is lifted when the player is below the limit again. {booking_id, no_shows, suspended_until}';

create type api.no_show_rules as (venue_id bigint, no_show_limit integer, no_show_suspension_days integer);
comment on type api.no_show_rules is 'A venue''s no-show rules: {venue_id, no_show_limit (null: never suspend), no_show_suspension_days}';

create function api.set_no_show_rules(venue_id bigint, no_show_limit integer, no_show_suspension_days integer default 30)
returns api.no_show_rules
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  v data.venue := data.venue_for_staff(set_no_show_rules.venue_id, true);
begin
  if no_show_limit is not null and no_show_limit not between 1 and 100 then
    perform data.api_error('invalid_input', 'no_show_limit must be 1 to 100, or null (never suspend)', 400);
  end if;
  if no_show_suspension_days is null or no_show_suspension_days not between 1 and 365 then
    perform data.api_error('invalid_input', 'no_show_suspension_days must be 1 to 365', 400);
  end if;
  update data.venue t
     set no_show_limit = set_no_show_rules.no_show_limit,
         no_show_suspension_days = set_no_show_rules.no_show_suspension_days
   where t.id = v.id;
  return row(v.id, no_show_limit, no_show_suspension_days)::api.no_show_rules;
end
$$;
comment on function api.set_no_show_rules(bigint, integer, integer) is
'The venue''s owner (or an admin) sets how many no-shows in 90 days suspend a player there (null: never) and for how many days. Existing suspensions keep their end. {venue_id, no_show_limit, no_show_suspension_days}';

grant execute on function api.check_in(bigint), api.mark_no_show(bigint), api.undo_no_show(bigint),
  api.set_no_show_rules(bigint, integer, integer) to owner, admin;
