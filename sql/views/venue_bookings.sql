-- Bookings at the caller's venues (admin: all venues), with the player's name and
-- the payment status (at_venue for walk-in and phone bookings, whose customer
-- has no account: player_name is then the customer's name). security_invoker: RLS on booking limits an owner to their
-- venues; the explicit filter keeps an owner's own bookings at other venues out.
-- status and payment_status are text, not the private enums data.booking_status and
-- data.payment_status (issue 13: the API's shape names no data type); a column
-- changing type needs the view created anew.
drop view api.venue_bookings;

create view api.venue_bookings with (security_invoker = true) as
select
  b.id, b.venue_id, v.name as venue_name, b.player_id,
  coalesce(u.full_name, b.customer_name) as player_name, u.email::text as player_email,
  b.status::text as status, b.amount_cents, b.currency, b.held_until, b.created_at, b.confirmed_at, b.cancelled_at,
  b.cancel_reason,
  coalesce((
    select json_agg(json_build_object('slot_id', s.id, 'court_id', s.court_id,
                                      'start_at', s.start_at, 'end_at', s.end_at)
                    order by s.start_at, s.id)
    from data.booking_slot bs join data.slot s on s.id = bs.slot_id
    where bs.booking_id = b.id), '[]') as slots,
  (select min(s.start_at) from data.booking_slot bs join data.slot s on s.id = bs.slot_id
   where bs.booking_id = b.id) as starts_at,
  coalesce((select p.status from data.payment p where p.booking_id = b.id),
           case when b.paid_at_venue then 'at_venue'::data.payment_status end)::text as payment_status,
  -- walk-in/phone bookings (owner_book): the customer, paid at the venue
  b.customer_name, b.customer_phone, b.customer_email, b.note, b.paid_at_venue, b.booked_by,
  -- disputes (charge.dispute.*, data.dispute): a payment of the booking is
  -- disputed and the dispute is not won (open, or lost); its latest dispute
  exists (select from data.dispute d
          where d.booking_id = b.id and d.status not in ('won', 'warning_closed')) as disputed,
  (select json_build_object('status', d.status, 'reason', d.reason, 'amount_cents', d.amount_cents,
                            'currency', d.currency, 'evidence_due_by', d.evidence_due_by,
                            'opened_at', d.opened_at, 'closed_at', d.closed_at)
   from data.dispute d where d.booking_id = b.id
   order by d.opened_at desc, d.id desc limit 1) as dispute,
  -- the desk (issue 20): check-in and no-shows
  b.checked_in_at, b.no_show_at,
  -- a recurring series' occurrence (issue 20)
  b.series_id
from data.booking b
join data.venue v on v.id = b.venue_id
left join data.app_user u on u.id = b.player_id;
-- No filter here: the rows are data.booking's RLS policies' (sql/policies.sql):
-- an owner's venues, a staff member's venues where they have the bookings
-- permission (issue 20), an admin's all.
comment on view api.venue_bookings is 'Bookings at the caller''s venues (staff: the venues where they have the bookings permission; admin: all) with player (or walk-in customer) name, slots, payment status (at_venue: paid at the venue) and disputes (disputed, dispute)';
comment on column api.venue_bookings.status is 'The booking''s status: pending, confirmed or cancelled';
comment on column api.venue_bookings.payment_status is 'The payment''s status: requires_payment, processing, succeeded, failed or canceled; at_venue for a booking paid at the venue; null without a payment';
comment on column api.venue_bookings.disputed is 'A payment of the booking is disputed (chargeback) and the dispute is not won: open or lost';
comment on column api.venue_bookings.dispute is 'The booking''s latest dispute: {status, reason, amount_cents, currency, evidence_due_by, opened_at, closed_at}, null without one';

grant select on api.venue_bookings to owner, admin;
