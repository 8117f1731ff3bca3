-- Hold quotas (issue 16: one free account must not squat a venue's courts).
--
-- A player keeps at most `max_pending_holds` pending bookings and at most
-- `max_held_slots` held slots at once (platform settings); a player who let
-- more than 5 holds lapse unpaid within the last hour waits 15 minutes after
-- the latest lapse. All three answer `too_many_holds` (429), with Retry-After
-- (seconds) whenever waiting helps. A lapsed hold (held_until passed) stops
-- counting at once, whether or not the sweep has closed it yet.
--
-- Races: the quota is a count, so two holds of one player at the same instant
-- must not both see "one left". Each hold of a player first takes a
-- transaction-scoped advisory lock on that player (key: 'hold_quota', the
-- player's id hashed), so one player's holds run their count-and-insert one
-- after the other, and the lock is released at commit or rollback.
-- Why not `select … from data.app_user where id = player for update`: that row
-- lock would make *other* players wait, breaking invariant 3 (no waiting on
-- locks): every insert referencing the player (a notification that another
-- player's hold writes when it takes over this player's lapsed slot, the
-- webhook's and the worker's rows) takes FOR KEY SHARE on that row for its
-- foreign key check, which conflicts with FOR UPDATE; logins and profile
-- updates write the row too. An advisory lock touches no row: only the same
-- player's hold calls contend (two players collide only when their 32-bit
-- hashes do, and then one waits for a hold of a few milliseconds; it never
-- deadlocks, because hold_slots takes it before any other lock and never waits
-- for a row lock afterwards).
--
-- Called from api.hold_slots after the input checks and before the booking is
-- inserted; needs READ COMMITTED (PostgREST's default), so that the count after
-- the lock sees what the previous holder committed.

-- Seconds from now until `t`, rounded up, at least 1: a Retry-After value.
create function data.retry_after_seconds(t timestamptz) returns integer
language sql stable
set search_path = pg_catalog
as $$
  select greatest(1, ceil(extract(epoch from (t - now())))::integer)
$$;
comment on function data.retry_after_seconds(timestamptz) is 'Seconds from now until a time, rounded up, at least 1 (a Retry-After header value)';

create function data.assert_hold_quota(player_id uuid, slot_count integer, idempotency_key text default null)
returns void
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  -- The lapse cool-down: more than lapse_limit lapses within lapse_window → wait cool_down after the latest.
  lapse_limit constant integer := 5;
  lapse_window constant interval := interval '1 hour';
  cool_down constant interval := interval '15 minutes';
  max_pending integer;
  max_slots integer;
  lapses integer;
  last_lapse timestamptz;
  pending integer;
  held integer;
  wait_until timestamptz;
begin
  perform pg_advisory_xact_lock(hashtext('hold_quota'), hashtext(assert_hold_quota.player_id::text));

  -- The same key committed by a call we just waited for: hold_slots answers it
  -- as the replay it is, no quota involved.
  if assert_hold_quota.idempotency_key is not null and exists (
    select from data.booking b
    where b.player_id = assert_hold_quota.player_id and b.idempotency_key = assert_hold_quota.idempotency_key
  ) then
    return;
  end if;

  -- Lapsed unpaid holds: never confirmed, held_until passed within the window,
  -- and not released by the player before it passed.
  select count(*), max(b.held_until) into lapses, last_lapse
  from data.booking b
  where b.player_id = assert_hold_quota.player_id
    and b.confirmed_at is null
    and b.held_until > now() - lapse_window
    and b.held_until <= now()
    and (b.status = 'pending' or b.cancelled_at >= b.held_until);
  if lapses > lapse_limit and last_lapse + cool_down > now() then
    perform data.api_error_with_headers('too_many_holds',
      format('More than %s holds lapsed unpaid within an hour: wait before holding again', lapse_limit), 429,
      jsonb_build_object('Retry-After', data.retry_after_seconds(last_lapse + cool_down)));
  end if;

  select s.max_pending_holds, s.max_held_slots into max_pending, max_slots from data.platform_settings s;
  max_pending := coalesce(max_pending, 2);
  max_slots := coalesce(max_slots, 8);
  if slot_count > max_slots then
    -- Waiting never helps: no Retry-After.
    perform data.api_error('too_many_holds', format('At most %s slots may be held at once', max_slots), 429);
  end if;

  -- The player's live holds, soonest lapse first; after the k-th of them lapses,
  -- pending - k bookings and held - freed(k) slots remain.
  with mine as (
    select b.id, b.held_until,
           (select count(*) from data.booking_slot bs where bs.booking_id = b.id and bs.active)::integer as n
    from data.booking b
    where b.player_id = assert_hold_quota.player_id and b.status = 'pending' and b.held_until > now()
  ), after_lapse as (
    select m.held_until,
           row_number() over w as k,
           sum(m.n) over w as freed
    from mine m
    window w as (order by m.held_until, m.id)
  )
  select (select count(*) from mine), (select coalesce(sum(n), 0) from mine),
         (select min(a.held_until) from after_lapse a, (select count(*) as c, coalesce(sum(n), 0) as s from mine) t
          where t.c - a.k + 1 <= max_pending and t.s - a.freed + slot_count <= max_slots)
  into pending, held, wait_until;

  if pending + 1 > max_pending or held + slot_count > max_slots then
    perform data.api_error_with_headers('too_many_holds',
      format('At most %s pending holds and %s held slots at once (you have %s holding %s slots): pay for or release a hold first',
             max_pending, max_slots, pending, held), 429,
      jsonb_build_object('Retry-After', case when wait_until is not null then data.retry_after_seconds(wait_until) end));
  end if;
end
$$;
comment on function data.assert_hold_quota(uuid, integer, text) is
'Refuses a new hold of a player with too_many_holds (429, Retry-After when waiting helps): over max_pending_holds pending bookings or max_held_slots held slots, or more than 5 unpaid lapses within an hour (15 minutes after the latest). Serialises one player''s holds with a transaction-scoped advisory lock.';
