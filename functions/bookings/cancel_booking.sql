-- Cancellation by the player (policy refund) and by the venue's owner or an
-- admin (full refund). The refund is a data.refund row the worker carries out.
-- (0.2, tiered policies: sql/tables/cancellation_policy.sql) The player gets the
-- percent of the booking's policy tier at this moment of what was paid, rounded
-- half up to the cent; a split booking's paid shares the same percent each. At
-- Stripe a partial refund of a destination charge gives back that part of the
-- transfer and of the application fee (worker/tasks/refund_payment.py).

-- Shared body: the caller has checked who may cancel. Returns the refund recorded.
create or replace function data.cancel_booking_as(b data.booking, reason text, actor uuid, full_refund boolean, by_owner boolean)
returns integer
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  first_start timestamptz;
  owner uuid;
  percent integer;
  refund integer := 0;
  why text;
begin
  if b.status = 'cancelled' then
    perform data.api_error('not_cancellable', 'The booking is already cancelled', 409);
  end if;
  select min(s.start_at) into first_start
  from data.booking_slot bs join data.slot s on s.id = bs.slot_id
  where bs.booking_id = b.id;
  if first_start is not null and first_start <= now() then
    perform data.api_error('not_cancellable', 'The booking has already started', 409);
  end if;
  select v.owner_id into owner from data.venue v where v.id = b.venue_id;
  -- The policy of the moment the booking was held, not whatever the owner set since.
  percent := case when full_refund then 100
                  else data.cancellation_refund_percent(data.booking_cancellation_policy(b), first_start, now()) end;

  why := coalesce(nullif(btrim(reason), ''),
                  case when by_owner then 'cancelled by venue' else 'cancelled by player' end);
  perform data.close_booking(b.id, why, actor);

  if b.status = 'confirmed' and percent > 0 then
    -- percent of what Stripe received for the booking's own payment (queue_refund
    -- caps it at what is left of it).
    refund := data.queue_refund(b.id,
      (select data.percent_of_cents(coalesce(p.amount_received_cents, p.amount_cents), percent)
       from data.payment p where p.booking_id = b.id),
      why, actor);
    -- A split booking: every share and cover payment too (functions/together/).
    refund := refund + data.refund_split_shares(b.id, percent * 100, why, actor);
  end if;

  -- A walk-in booking has no player account to tell.
  if b.player_id is not null then
    perform data.notify(b.player_id, 'booking_cancelled', b.id,
      jsonb_build_object('booking_id', b.id, 'venue_id', b.venue_id, 'refund_cents', refund,
                         'by', case when by_owner then 'venue' else 'player' end, 'reason', why));
  end if;
  -- A split booking's other players: their game is gone too (functions/together/).
  perform data.tell_share_holders_cancelled(b, case when by_owner then 'venue' else 'organizer' end, why);
  if not by_owner and b.status = 'confirmed' then
    perform data.notify(owner, 'booking_cancelled', b.id,
      jsonb_build_object('booking_id', b.id, 'venue_id', b.venue_id, 'refund_cents', refund,
                         'by', 'player', 'reason', why));
  end if;
  return refund;
end
$$;
comment on function data.cancel_booking_as(data.booking, text, uuid, boolean, boolean) is 'Cancels a locked booking, records the refund and the notifications';

-- 0.2: both cancellations answer a named type (PostgREST's OpenAPI description
-- shows its fields), no longer json; a new return type needs the old functions gone.
drop function api.cancel_booking(bigint, text);
drop function api.owner_cancel_booking(bigint, text);

create type api.cancellation as (booking_id bigint, status text, refund_cents integer);
comment on type api.cancellation is 'The answer of cancel_booking and owner_cancel_booking';
comment on column api.cancellation.booking_id is 'The booking cancelled';
comment on column api.cancellation.status is 'Always cancelled';
comment on column api.cancellation.refund_cents is 'The refund recorded for it (the worker carries it out at Stripe); 0 when none';

create function api.cancel_booking(booking_id bigint, reason text default null)
returns api.cancellation
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_user();
  b data.booking;
  refund integer;
begin
  if length(reason) > 500 then
    perform data.api_error('invalid_input', 'reason is at most 500 characters', 400);
  end if;
  b := data.lock_player_booking(cancel_booking.booking_id, uid);
  refund := data.cancel_booking_as(b, reason, uid, false, false);
  return row(b.id, 'cancelled', refund)::api.cancellation;
end
$$;
comment on function api.cancel_booking(bigint, text) is
'The player cancels their booking: the refund is the percent of what was paid that the booking''s cancellation policy (the venue''s when it was held) gives at this moment: the highest tier whose min_minutes_before lies more than that many minutes before the first slot starts, none after the last tier; rounded half up to the cent (a split booking: each paid share the same percent). {booking_id, status, refund_cents}; not_cancellable when already cancelled or started.';

grant execute on function api.cancel_booking(bigint, text) to player;

create function api.owner_cancel_booking(booking_id bigint, reason text default null)
returns api.cancellation
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_staff();
  b data.booking;
  refund integer;
begin
  if length(reason) > 500 then
    perform data.api_error('invalid_input', 'reason is at most 500 characters', 400);
  end if;
  b := data.lock_booking(owner_cancel_booking.booking_id);
  perform data.venue_for_permission(b.venue_id, 'bookings');
  refund := data.cancel_booking_as(b, reason, uid, true, true);
  return row(b.id, 'cancelled', refund)::api.cancellation;
end
$$;
comment on function api.owner_cancel_booking(bigint, text) is
'The venue''s owner (or an admin) cancels a booking with a full refund. {booking_id, status, refund_cents}';

grant execute on function api.owner_cancel_booking(bigint, text) to owner, admin;
