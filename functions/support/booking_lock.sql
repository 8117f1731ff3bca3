-- The preamble every cancellation shares (cancel_booking, release_hold,
-- owner_cancel_booking): the booking id is required, the booking is locked
-- (booking first, then its slots: docs/engine.md's lock order), an unknown one
-- is not_found.
create function data.lock_booking(booking_id bigint) returns data.booking
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  b data.booking;
begin
  if booking_id is null then
    perform data.api_error('invalid_input', 'booking_id is required', 400);
  end if;
  select * into b from data.booking where id = lock_booking.booking_id for update;
  if b.id is null then
    perform data.api_error('not_found', 'No such booking', 404);
  end if;
  return b;
end
$$;
comment on function data.lock_booking(bigint) is 'The booking, locked FOR UPDATE; invalid_input without an id, not_found when unknown';

-- The caller's own booking, locked; someone else's (or a walk-in booking,
-- which has no player) is forbidden.
create function data.lock_player_booking(booking_id bigint, player uuid) returns data.booking
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  b data.booking := data.lock_booking(booking_id);
begin
  if b.player_id is distinct from player then
    perform data.api_error('forbidden', 'This booking belongs to another player', 403);
  end if;
  return b;
end
$$;
comment on function data.lock_player_booking(bigint, uuid) is 'The player''s own booking, locked FOR UPDATE; forbidden when it is someone else''s';
