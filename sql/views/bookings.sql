-- The caller's own bookings (as a player). security_invoker: RLS on booking,
-- booking_slot, slot and payment applies to the caller; the explicit filter keeps
-- an owner's or admin's wider visibility out of "own bookings".
-- (0.2) payment_status is text, as Stripe names it (a column's type cannot change
-- in place, hence drop and create); columns are only ever appended at the end.
-- (0.2, issue 19) A split booking is also its share holders' booking: each of them
-- sees it, its slots, venue and courts (policies in sql/tables/booking_share.sql),
-- the refunds of their own money only (data.caller_booking_refunds) and their share
-- (share). payment_status and payment_error are the booking's own PaymentIntent,
-- the organizer's: RLS keeps them null for the other players, whose share says
-- whether it is paid. A player who paid a share and gave it back (leave_booking)
-- still sees the booking, with share null and their refund.
-- status is text (the API's shape names no data type).
-- (0.2, tiered cancellation policies) cancellation_policy is the policy the
-- booking was held under (data.booking_cancellation_policy), and
-- free_cancellation_until comes from its 100 % tier (null without one).
-- The refunds the caller sees of a booking: the booking's own refunds when the
-- caller is its player (the organizer of a split booking), and the refunds of the
-- caller's own share and cover payments. An inlinable SQL function (no SET, not
-- strict), so api.bookings' two uses of it cost no call each.
create or replace function data.caller_booking_refunds(booking_id bigint, booking_player_id uuid)
returns table (kind text, refund_id bigint, amount_cents integer, status text, created_at timestamptz)
language sql stable
as $$
  select 'booking'::text, r.id, r.amount_cents, r.status::text, r.created_at
    from data.refund r
   where r.booking_id = caller_booking_refunds.booking_id
     and caller_booking_refunds.booking_player_id = (select data.current_user_id())
  union all
  select sp.kind::text, sr.id, sr.amount_cents, sr.status::text, sr.created_at
    from data.share_refund sr
    join data.share_payment sp on sp.id = sr.share_payment_id
   where sr.booking_id = caller_booking_refunds.booking_id
     and sp.player_id = (select data.current_user_id())
$$;
comment on function data.caller_booking_refunds(bigint, uuid) is
  'The refunds of a booking that are the caller''s money: the booking''s own (data.refund) when the caller is its player, and those of the caller''s share and cover payments (data.share_refund); kind is booking, share or cover';
grant execute on function data.caller_booking_refunds(bigint, uuid) to player, owner, admin;

drop view if exists api.bookings;
create view api.bookings with (security_invoker = true) as
select
  b.id, b.venue_id, b.status::text as status, b.amount_cents, b.currency, b.held_until,
  b.created_at, b.confirmed_at, b.cancelled_at,
  coalesce((
    select json_agg(json_build_object('slot_id', s.id, 'court_id', s.court_id,
                                      'start_at', s.start_at, 'end_at', s.end_at)
                    order by s.start_at, s.id)
    from data.booking_slot bs join data.slot s on s.id = bs.slot_id
    where bs.booking_id = b.id), '[]') as slots,
  (select data.payment_status_text(p) from data.payment p
   where p.booking_id = b.id and b.player_id = (select data.current_user_id())) as payment_status,
  b.cancel_reason,
  -- What the player gets back: pending until the worker has carried it out.
  coalesce((select sum(r.amount_cents) from data.caller_booking_refunds(b.id, b.player_id) r
            where r.status = 'succeeded'), 0)::integer as refunded_cents,
  coalesce((
    select json_agg(json_build_object('amount_cents', r.amount_cents, 'status', r.status,
                                      'created_at', r.created_at, 'kind', r.kind)
                    order by r.created_at, r.kind, r.refund_id)
    from data.caller_booking_refunds(b.id, b.player_id) r), '[]') as refunds,
  -- A cancellation before this instant is refunded in full (the policy the booking
  -- was held under; null when none of its tiers refunds in full).
  (select min(s.start_at) from data.booking_slot bs join data.slot s on s.id = bs.slot_id
   where bs.booking_id = b.id)
    - make_interval(mins => data.cancellation_policy_window(data.booking_cancellation_policy(b))) as free_cancellation_until,
  -- Stripe's message for the last declined card, while the player may retry.
  (select p.last_error from data.payment p
   where p.booking_id = b.id and p.status = 'requires_payment'
     and b.player_id = (select data.current_user_id())) as payment_error,
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
          where bs.booking_id = b.id) c), '{}') as court_names,
  -- (0.2, issue 19) The caller's share of a split booking; null when it is not split.
  (select json_build_object(
            'share_id', s.id, 'number', s.number, 'shares', sp.shares, 'amount_cents', s.amount_cents,
            'status', s.status::text, 'organizer', s.number = 1, 'pay_by', sp.pay_by,
            'closed', sp.closed_at is not null, 'invite_code', sp.invite_code,
            'payment_error', (select p.last_error from data.share_payment p
                              where p.share_id = s.id and p.player_id = s.player_id
                                and p.status = 'requires_payment'
                              order by p.id desc limit 1))
   from data.booking_share s join data.booking_split sp on sp.booking_id = s.booking_id
   where s.booking_id = b.id and s.player_id = (select data.current_user_id())) as share,
  -- (0.2, tiered cancellation policies) The policy the booking was held under.
  data.booking_cancellation_policy(b) as cancellation_policy
from data.booking b
where b.player_id = (select data.current_user_id())
   or b.id in (select data.caller_share_booking_ids())
   or b.id in (select data.caller_share_payment_booking_ids());
comment on view api.bookings is 'The caller''s own bookings with their slots (json list of slot_id, court_id, start_at, end_at), payment status and refunds (refunded_cents carried out; refunds: amount_cents, status, created_at) free_cancellation_until (full refund before it) and payment_error (Stripe''s message for a declined card while the player may retry); starts_at and ends_at (the first slot''s start, the last slot''s end), venue_name and court_names (distinct, by name); (0.2) a split booking is shown to each of its players: share is the caller''s share (share_id, number, shares, amount_cents, status, organizer, pay_by, closed, invite_code, payment_error; null when not split), refunds and refunded_cents count only the caller''s own money (refunds: kind booking, share or cover), payment_status and payment_error are the organizer''s PaymentIntent (null for the other players); cancellation_policy is the policy the booking was held under ([{min_minutes_before, refund_percent}]); a player who paid a share and left still sees the booking, share null, with their refund';
comment on column api.bookings.cancellation_policy is
  'The cancellation policy the booking was held under: [{min_minutes_before, refund_percent}], largest first; cancel_booking refunds by it';
comment on column api.bookings.free_cancellation_until is
  'A cancellation before this instant is refunded in full (the booking''s 100 % tier); null when no tier refunds in full';

grant select on api.bookings to player, owner, admin;
