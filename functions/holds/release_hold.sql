-- 0.2: the answer is a named type (its shape, commented, is in the catalog), no
-- longer json; a new return type needs the 0.1 function gone first.
drop function api.release_hold(bigint);

create type api.release_answer as (booking_id bigint, status text);
comment on type api.release_answer is 'The answer of release_hold';
comment on column api.release_answer.booking_id is 'The released booking';
comment on column api.release_answer.status is 'Always cancelled: the hold is released (or already was)';

create function api.release_hold(booking_id bigint)
returns api.release_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_user();
  b data.booking := data.lock_player_booking(release_hold.booking_id, uid);
begin
  if b.status = 'confirmed' then
    perform data.api_error('not_cancellable', 'The booking is confirmed: use cancel_booking', 409);
  end if;
  if b.status = 'pending' then
    perform data.close_booking(b.id, 'hold released by player', uid);
  end if;
  -- Releasing an already cancelled hold is a harmless retry.
  return row(b.id, 'cancelled')::api.release_answer;
end
$$;
comment on function api.release_hold(bigint) is
'Releases the caller''s pending hold: booking cancelled, slots available again. {booking_id, status}. Idempotent for an already cancelled booking; not_cancellable for a confirmed one.';

grant execute on function api.release_hold(bigint) to player;
