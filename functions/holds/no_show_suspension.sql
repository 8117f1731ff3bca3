-- The no-show suspension check of hold_slots (issue 20): a player suspended at
-- the venue (data.player_suspension, not lifted, until in the future) may not
-- hold there: player_suspended 403, details = the end of the suspension (ISO
-- 8601 in UTC). Other venues are not affected.
create function data.assert_not_suspended(player_id uuid, venue_id bigint) returns void
language plpgsql stable
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  until_at timestamptz;
begin
  select max(s.until) into until_at
  from data.player_suspension s
  where s.player_id = assert_not_suspended.player_id and s.venue_id = assert_not_suspended.venue_id
    and s.lifted_at is null and s.until > now();
  if until_at is not null then
    perform data.api_error('player_suspended', 'You are suspended at this venue for no-shows', 403,
      to_char(until_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
  end if;
end
$$;
comment on function data.assert_not_suspended(uuid, bigint) is
  'player_suspended (403, details: until, ISO UTC) when the player is suspended at the venue for no-shows';
