-- Joining and leaving the waitlist (issue 21). Offers: functions/waitlist/offers.sql.

-- A player's place in line: 1 + the waiting entries ahead of theirs (created
-- earlier) that could take the same slots (same venue, overlapping windows,
-- compatible court and sport). Null for an entry that is not waiting or not the
-- caller's (SECURITY DEFINER: it counts other players' entries, and says only how many).
create function data.waitlist_position(entry_id bigint) returns integer
language sql stable security definer
set search_path = pg_catalog
as $$
  select 1 + (
    select count(*)::integer from data.waitlist_entry o
    where o.venue_id = e.venue_id and o.status = 'waiting'
      and (o.created_at, o.id) < (e.created_at, e.id)
      and o.from_at < e.to_at and o.to_at > e.from_at
      and (o.court_id is null or e.court_id is null or o.court_id = e.court_id)
      and (o.sport is null or e.sport is null or o.sport = e.sport))
  from data.waitlist_entry e
  where e.id = waitlist_position.entry_id and e.status = 'waiting'
    and e.player_id = data.current_user_id()
$$;
comment on function data.waitlist_position(bigint) is
'The caller''s place in line for a waiting entry of theirs (1 = next offer), else null';
grant execute on function data.waitlist_position(bigint) to player, owner, admin;

-- How many open (waiting or offered) entries a player may have.
create function data.max_waitlist_entries() returns integer
language sql immutable
set search_path = pg_catalog
as $$ select 20 $$;
comment on function data.max_waitlist_entries() is 'A player keeps at most this many waiting (or offered) waitlist entries';

create type api.waitlist_answer as (waitlist_id bigint, position integer);
comment on type api.waitlist_answer is 'The answer of join_waitlist';
comment on column api.waitlist_answer.waitlist_id is 'The entry (GET /waitlist shows it as id)';
comment on column api.waitlist_answer.position is 'Its place in the line: 1 is offered next';

create function api.join_waitlist(
  venue_id bigint default null,
  court_id bigint default null,
  "from" timestamptz default null,
  "to" timestamptz default null,
  sport text default null
) returns api.waitlist_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_user();
  q_from timestamptz := join_waitlist."from";
  q_to timestamptz := join_waitlist."to";
  q_venue bigint := join_waitlist.venue_id;
  q_court data.court;
  q_sport data.sport;
  e data.waitlist_entry;
  free_ids bigint[];
  open_entries integer;
begin
  -- Arguments.
  if q_venue is null and join_waitlist.court_id is null then
    perform data.api_error('invalid_input', 'venue_id or court_id is required', 400);
  end if;
  if q_from is null or q_to is null or not isfinite(q_from) or not isfinite(q_to) then
    perform data.api_error('invalid_input', 'from and to are required (finite timestamps)', 400);
  end if;
  -- epoch seconds: timestamptz subtraction wraps around for far-apart instants
  if q_to <= q_from or extract(epoch from q_to) - extract(epoch from q_from) > 86400 then
    perform data.api_error('invalid_input', 'to must be after from, at most 24 hours later', 400);
  end if;
  if q_to <= now() then
    perform data.api_error('invalid_input', 'the window has already passed', 400);
  end if;
  if extract(epoch from q_from) - extract(epoch from now()) > 400 * 86400 then
    perform data.api_error('invalid_input', 'the window must start within 400 days', 400);
  end if;
  if sport is not null then
    q_sport := data.clean_sport(sport);
  end if;
  if join_waitlist.court_id is not null then
    select * into q_court from data.court c where c.id = join_waitlist.court_id;
    if q_court.id is null or (q_venue is not null and q_court.venue_id <> q_venue) then
      perform data.api_error('not_found', 'No such court', 404);
    end if;
    if q_sport is not null and q_sport <> q_court.sport then
      perform data.api_error('invalid_input', 'The court is of another sport', 400, q_court.sport::text);
    end if;
    q_venue := q_court.venue_id;
  elsif not exists (select from data.venue v where v.id = q_venue) then
    perform data.api_error('not_found', 'No such venue', 404);
  end if;

  -- One player's joins run one after the other (the quota is a count).
  perform pg_advisory_xact_lock(hashtext('waitlist'), hashtext(uid::text));

  -- The same wait again (a retry): the same entry.
  select * into e from data.waitlist_entry w
  where w.player_id = uid and w.status = 'waiting' and w.venue_id = q_venue
    and w.court_id is not distinct from q_court.id and w.sport is not distinct from q_sport
    and w.from_at = q_from and w.to_at = q_to;
  if e.id is not null then
    return row(e.id, data.waitlist_position(e.id))::api.waitlist_answer;
  end if;

  select count(*) into open_entries from data.waitlist_entry w
  where w.player_id = uid and w.status in ('waiting', 'offered');
  if open_entries >= data.max_waitlist_entries() then
    perform data.api_error('invalid_input',
      format('At most %s waitlist entries at once: leave one first', data.max_waitlist_entries()), 400,
      null, 'GET /waitlist?status=eq.waiting lists them; POST /rpc/leave_waitlist leaves one');
  end if;

  e.venue_id := q_venue;
  e.court_id := q_court.id;
  e.sport := q_sport;
  e.from_at := q_from;
  e.to_at := q_to;
  -- Nothing to wait for when a slot of the window is free right now (what a
  -- hold would get: available, or a lapsed hold, and not started).
  select array_agg(s.id order by s.start_at, s.id) into free_ids
  from data.court c
  join data.slot s on s.court_id = c.id and s.start_at >= q_from and s.start_at < q_to
  where c.venue_id = q_venue
    and data.waitlist_matches(e, c, s)
    and s.start_at > now()
    and (s.status = 'available' or (s.status = 'held' and s.held_until < now()));
  if free_ids is not null then
    perform data.api_error('invalid_input', 'A slot of this window is free right now', 400,
      array_to_string(free_ids[1:20], ','), 'Hold it with hold_slots instead of waiting');
  end if;

  insert into data.waitlist_entry (player_id, venue_id, court_id, sport, from_at, to_at)
  values (uid, q_venue, q_court.id, q_sport, q_from, q_to)
  returning * into e;
  return row(e.id, data.waitlist_position(e.id))::api.waitlist_answer;
end
$$;
comment on function api.join_waitlist(bigint, bigint, timestamptz, timestamptz, text) is
'Waits for a slot of a venue (or court) in a window of at most 24 hours, optionally of one sport: {waitlist_id, position}. The first waiting entry gets each freed slot as a held booking (kind waitlist_offer). invalid_input when a slot of the window is free now (ids in details), or over 20 open entries; joining the same wait again returns the same entry.';
grant execute on function api.join_waitlist(bigint, bigint, timestamptz, timestamptz, text) to player;

create function api.leave_waitlist(waitlist_id bigint) returns api.ok_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_user();
  e data.waitlist_entry;
  b data.booking;
begin
  if waitlist_id is null then
    perform data.api_error('invalid_input', 'waitlist_id is required', 400);
  end if;
  select * into e from data.waitlist_entry w where w.id = leave_waitlist.waitlist_id;
  if e.id is null then
    perform data.api_error('not_found', 'No such waitlist entry', 404);
  end if;
  if e.player_id <> uid then
    perform data.api_error('forbidden', 'This waitlist entry belongs to another player', 403);
  end if;
  -- Lock order booking → slot → entry (as the freeing paths): an offered entry's
  -- booking first.
  if e.offer_booking_id is not null then
    b := data.lock_booking(e.offer_booking_id);
  end if;
  select * into e from data.waitlist_entry w where w.id = leave_waitlist.waitlist_id for update;
  -- An offer made between the read and the lock: its booking now (it was made
  -- milliseconds ago, so nothing else is closing it while we wait).
  if e.offer_booking_id is not null and b.id is null then
    b := data.lock_booking(e.offer_booking_id);
  end if;
  if e.status in ('waiting', 'offered') then
    update data.waitlist_entry w set status = 'left', closed_at = now() where w.id = e.id;
    -- Leaving with an offer in hand passes it on: its hold is released, which
    -- frees the slot and offers it to the next entry.
    if e.status = 'offered' and b.status = 'pending' then
      perform data.close_booking(b.id, 'waitlist offer declined', uid);
    end if;
  end if;
  -- Leaving a booked, expired or already left entry changes nothing.
  return row(true)::api.ok_answer;
end
$$;
comment on function api.leave_waitlist(bigint) is
'Leaves a waitlist entry of the caller: {ok:true}. An offer in hand is released (the slot goes to the next entry); a booked, expired or left entry is left as it is.';
grant execute on function api.leave_waitlist(bigint) to player;
