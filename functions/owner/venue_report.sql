-- Figures of a venue for bookings whose first slot starts in [from, to):
--   bookings        bookings that were paid and confirmed (also those cancelled since)
--   gross_cents     what Stripe received for them: the booking's own payment and,
--                   for a split booking, its share and cover payments
--                   (data.booking_receipts); a fully paid booking's amount
--   refunded_cents  refunds recorded for them (pending or succeeded), share
--                   refunds included (data.booking_refunds)
--   fee_cents       the platform commission on what was kept (gross − refunded),
--                   per booking, rounded half up, at the venue's effective rate
--   net_cents       gross − refunded − fee
--   at_venue_bookings, at_venue_cents
--                   walk-in/phone bookings (owner_book) still standing, paid at
--                   the venue: counted apart, never in gross, fee or net
--   disputes, disputed_cents, dispute_lost_cents
--                   disputes (chargebacks) of those bookings' payments, counted
--                   apart (never subtracted from gross or net): how many are
--                   not won (open or lost), the amount they hold back, and the
--                   part already lost
--   occupancy       booked slot time / non-blocked slot time of the venue's slots
--                   starting in the range (0..1, 4 decimals; null without slots)
-- 0.2: the report is a named type (its fields, commented, are in the catalog),
-- no longer json; a new return type needs the old function gone first.
drop function api.venue_report(bigint, timestamptz, timestamptz);

create type api.venue_figures as (
  venue_id bigint,
  currency text,
  "from" timestamptz,
  "to" timestamptz,
  bookings bigint,
  gross_cents bigint,
  fee_cents bigint,
  net_cents bigint,
  refunded_cents bigint,
  at_venue_bookings bigint,
  at_venue_cents bigint,
  disputes bigint,
  disputed_cents bigint,
  dispute_lost_cents bigint,
  occupancy numeric
);
comment on type api.venue_figures is 'The answer of venue_report: a venue''s figures for the bookings whose first slot starts in [from, to)';
comment on column api.venue_figures.venue_id is 'The venue';
comment on column api.venue_figures.currency is 'The venue''s currency (ISO 4217), of every amount';
comment on column api.venue_figures."from" is 'The start of the range (inclusive)';
comment on column api.venue_figures."to" is 'The end of the range (exclusive)';
comment on column api.venue_figures.bookings is 'Bookings paid online and confirmed (also those cancelled since)';
comment on column api.venue_figures.gross_cents is 'What Stripe received for them: the booking''s own payment and a split booking''s share and cover payments';
comment on column api.venue_figures.fee_cents is 'The platform commission on what was kept (gross - refunded), per booking, rounded half up';
comment on column api.venue_figures.net_cents is 'gross - refunded - fee';
comment on column api.venue_figures.refunded_cents is 'Refunds recorded for them (pending or succeeded), a split booking''s share refunds included';
comment on column api.venue_figures.at_venue_bookings is 'Walk-in and phone bookings still standing, paid at the venue (never in gross, fee or net)';
comment on column api.venue_figures.at_venue_cents is 'Their amounts';
comment on column api.venue_figures.disputes is 'Disputes of the online bookings not won (open or lost)';
comment on column api.venue_figures.disputed_cents is 'The amount those disputes hold back (apart: never subtracted from gross or net)';
comment on column api.venue_figures.dispute_lost_cents is 'The part already lost';
comment on column api.venue_figures.occupancy is 'Booked slot time / non-blocked slot time of the slots starting in the range (0..1, 4 decimals; null without slots)';

create function api.venue_report(venue_id bigint, "from" timestamptz, "to" timestamptz)
returns api.venue_figures
language plpgsql stable security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  v data.venue := data.venue_for_permission(venue_report.venue_id, 'reports');
  bps integer := data.effective_commission_bps(v.id);
  answer api.venue_figures;
begin
  if venue_report."from" is null or venue_report."to" is null
     or not isfinite(venue_report."from") or not isfinite(venue_report."to")
     or venue_report."to" <= venue_report."from"
     -- epoch seconds: timestamptz subtraction wraps around for far-apart instants
     or extract(epoch from venue_report."to") - extract(epoch from venue_report."from") > 400 * 86400 then
    perform data.api_error('invalid_input', 'from and to are required, to after from, at most 400 days apart', 400);
  end if;
  with bk as (
    -- What Stripe received for the booking and what went back: its own payment
    -- and, for a split booking, its shares' and the cover's (data.booking_receipts).
    select b.id,
           coalesce((select sum(r.received_cents) from data.booking_receipts r
                     where r.booking_id = b.id and r.currency = v.currency), 0) as received,
           coalesce((select sum(r.amount_cents) from data.booking_refunds r
                     where r.booking_id = b.id and r.currency = v.currency and r.status <> 'failed'), 0) as refunded
    from data.booking b
    where b.venue_id = v.id and b.confirmed_at is not null and not b.paid_at_venue
      and (select min(s.start_at) from data.booking_slot bs join data.slot s on s.id = bs.slot_id
           where bs.booking_id = b.id) >= venue_report."from"
      and (select min(s.start_at) from data.booking_slot bs join data.slot s on s.id = bs.slot_id
           where bs.booking_id = b.id) < venue_report."to"
  ), fig as (
    select count(*) as bookings,
           coalesce(sum(bk.received), 0) as gross,
           coalesce(sum(least(bk.refunded, bk.received)), 0) as refunded,
           coalesce(sum(data.fee_cents(bk.received - least(bk.refunded, bk.received), bps)), 0) as fee
    from bk
  ), disputed as (
    select count(*) filter (where d.status not in ('won', 'warning_closed')) as disputes,
           coalesce(sum(d.amount_cents) filter (where d.status not in ('won', 'warning_closed')), 0) as cents,
           coalesce(sum(d.amount_cents) filter (where d.status = 'lost'), 0) as lost
    from bk join data.dispute d on d.booking_id = bk.id
  ), walk_in as (
    select count(*) as bookings, coalesce(sum(b.amount_cents), 0) as cents
    from data.booking b
    where b.venue_id = v.id and b.paid_at_venue and b.status = 'confirmed'
      and (select min(s.start_at) from data.booking_slot bs join data.slot s on s.id = bs.slot_id
           where bs.booking_id = b.id and bs.active) >= venue_report."from"
      and (select min(s.start_at) from data.booking_slot bs join data.slot s on s.id = bs.slot_id
           where bs.booking_id = b.id and bs.active) < venue_report."to"
  ), occ as (
    select sum(extract(epoch from s.end_at - s.start_at)) filter (where s.status = 'booked') as booked,
           sum(extract(epoch from s.end_at - s.start_at)) filter (where s.status <> 'blocked') as open
    from data.court c join data.slot s on s.court_id = c.id
    where c.venue_id = v.id and s.start_at >= venue_report."from" and s.start_at < venue_report."to"
  )
  select
    v.id,
    v.currency,
    venue_report."from",
    venue_report."to",
    fig.bookings,
    fig.gross,
    fig.fee,
    fig.gross - fig.refunded - fig.fee,
    fig.refunded,
    walk_in.bookings,
    walk_in.cents,
    disputed.disputes,
    disputed.cents,
    disputed.lost,
    case when coalesce(occ.open, 0) > 0
         then round((coalesce(occ.booked, 0) / occ.open)::numeric, 4) end
  into answer
  from fig, walk_in, disputed, occ;
  return answer;
end
$$;
comment on function api.venue_report(bigint, timestamptz, timestamptz) is
'A venue''s figures for bookings starting in [from, to): {bookings, gross_cents, fee_cents, net_cents, refunded_cents, at_venue_bookings, at_venue_cents, disputes, disputed_cents, dispute_lost_cents, occupancy}; walk-in bookings paid at the venue only in at_venue_*, disputed amounts apart';
grant execute on function api.venue_report(bigint, timestamptz, timestamptz) to owner, admin;
