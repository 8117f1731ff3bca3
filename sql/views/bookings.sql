-- The caller's own bookings (as a player). security_invoker: RLS on booking,
-- booking_slot, slot and payment applies to the caller; the explicit filter keeps
-- an owner's or admin's wider visibility out of "own bookings".
-- (0.2) payment_status is text, as Stripe names it (a column's type cannot change
-- in place, hence drop and create); columns are only ever appended at the end.
drop view if exists api.bookings;
create view api.bookings with (security_invoker = true) as
select
  b.id, b.venue_id, b.status, b.amount_cents, b.currency, b.held_until,
  b.created_at, b.confirmed_at, b.cancelled_at,
  coalesce((
    select json_agg(json_build_object('slot_id', s.id, 'court_id', s.court_id,
                                      'start_at', s.start_at, 'end_at', s.end_at)
                    order by s.start_at, s.id)
    from data.booking_slot bs join data.slot s on s.id = bs.slot_id
    where bs.booking_id = b.id), '[]') as slots,
  (select data.payment_status_text(p) from data.payment p where p.booking_id = b.id) as payment_status,
  b.cancel_reason,
  -- What the player gets back: pending until the worker has carried it out.
  coalesce((select sum(r.amount_cents) from data.refund r
            where r.booking_id = b.id and r.status = 'succeeded'), 0)::integer as refunded_cents,
  coalesce((
    select json_agg(json_build_object('amount_cents', r.amount_cents, 'status', r.status,
                                      'created_at', r.created_at)
                    order by r.id)
    from data.refund r where r.booking_id = b.id), '[]') as refunds,
  -- A cancellation before this instant is refunded in full (the policy of the day it was booked).
  (select min(s.start_at) from data.booking_slot bs join data.slot s on s.id = bs.slot_id
   where bs.booking_id = b.id)
    - make_interval(mins => coalesce(b.cancellation_window_minutes,
        (select v.cancellation_window_minutes from data.venue v where v.id = b.venue_id))) as free_cancellation_until,
  -- Stripe's message for the last declined card, while the player may retry.
  (select p.last_error from data.payment p
   where p.booking_id = b.id and p.status = 'requires_payment') as payment_error,
  -- (0.2, issue 17) What a bookings screen shows without parsing slots: the first
  -- slot's start and the last slot's end (filterable and orderable:
  -- starts_at=gte.<now> lists the upcoming ones), the venue's name and the names of
  -- the booked courts. A player has few bookings (booking_player_idx), so these
  -- per-row subqueries stay small.
  (select min(s.start_at) from data.booking_slot bs join data.slot s on s.id = bs.slot_id
   where bs.booking_id = b.id) as starts_at,
  (select max(s.end_at) from data.booking_slot bs join data.slot s on s.id = bs.slot_id
   where bs.booking_id = b.id) as ends_at,
  (select v.name from data.venue v where v.id = b.venue_id) as venue_name,
  coalesce((
    select array_agg(c.name order by c.name)
    from (select distinct c.name from data.booking_slot bs
          join data.slot s on s.id = bs.slot_id
          join data.court c on c.id = s.court_id
          where bs.booking_id = b.id) c), '{}') as court_names
from data.booking b
where b.player_id = data.current_user_id();
comment on view api.bookings is 'The caller''s own bookings with their slots (json list of slot_id, court_id, start_at, end_at), payment status and refunds (refunded_cents carried out; refunds: amount_cents, status, created_at) free_cancellation_until (full refund before it) and payment_error (Stripe''s message for a declined card while the player may retry); starts_at and ends_at (the first slot''s start, the last slot''s end), venue_name and court_names (distinct, by name)';

grant select on api.bookings to player, owner, admin;
