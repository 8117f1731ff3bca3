-- The one place that locks a booking's slots and counts the ones it no longer
-- has (issue 13: this block was written twice, in payment_context and in
-- confirm_booking_from_payment). Lock order: the caller holds the booking row;
-- the slots are locked in id order, as every other writer does.
--
-- A slot is gone when its booking_slot row is no longer active, it is booked or
-- blocked, or another player holds it. With count_started, a slot that has
-- already started counts as gone too: a lapsed hold is never held again, or
-- confirmed, for a slot in the past (issue 16).
create function data.lock_booking_slots(booking_id bigint, count_started boolean default false)
returns integer
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  gone integer;
  b_player uuid;
begin
  select b.player_id into b_player from data.booking b where b.id = lock_booking_slots.booking_id;
  perform 1 from data.slot s
  where s.id in (select bs.slot_id from data.booking_slot bs where bs.booking_id = lock_booking_slots.booking_id)
  order by s.id for update of s;
  select count(*) filter (where not bs.active
                            or s.status not in ('held', 'available')
                            or (s.status = 'held' and s.held_by <> b_player)
                            or (count_started and s.start_at <= now()))
  into gone
  from data.booking_slot bs join data.slot s on s.id = bs.slot_id
  where bs.booking_id = lock_booking_slots.booking_id;
  return gone;
end
$$;
comment on function data.lock_booking_slots(bigint, boolean) is
  'Locks a booking''s slots (id order; the caller holds the booking row) and returns how many are no longer its own: inactive, booked, blocked, held by another player, or (count_started) already started';
