-- Figures of a venue for bookings whose first slot starts in [from, to):
--   bookings        bookings that were paid and confirmed (also those cancelled since)
--   gross_cents     their amounts
--   refunded_cents  refunds recorded for them (pending or succeeded)
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
create or replace function api.venue_report(venue_id bigint, "from" timestamptz, "to" timestamptz)
returns json
language plpgsql stable security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  v data.venue := data.venue_for_permission(venue_report.venue_id, 'reports');
  bps integer := data.effective_commission_bps(v.id);
  answer json;
begin
  if venue_report."from" is null or venue_report."to" is null
     or not isfinite(venue_report."from") or not isfinite(venue_report."to")
     or venue_report."to" <= venue_report."from"
     -- epoch seconds: timestamptz subtraction wraps around for far-apart instants
     or extract(epoch from venue_report."to") - extract(epoch from venue_report."from") > 400 * 86400 then
    perform data.api_error('invalid_input', 'from and to are required, to after from, at most 400 days apart', 400);
  end if;
  with bk as (
    select b.id, b.amount_cents,
           coalesce((select sum(r.amount_cents) from data.refund r
                     where r.booking_id = b.id and r.status <> 'failed'), 0) as refunded
    from data.booking b
    where b.venue_id = v.id and b.confirmed_at is not null and not b.paid_at_venue
      and (select min(s.start_at) from data.booking_slot bs join data.slot s on s.id = bs.slot_id
           where bs.booking_id = b.id) >= venue_report."from"
      and (select min(s.start_at) from data.booking_slot bs join data.slot s on s.id = bs.slot_id
           where bs.booking_id = b.id) < venue_report."to"
  ), fig as (
    select count(*) as bookings,
           coalesce(sum(bk.amount_cents), 0) as gross,
           coalesce(sum(least(bk.refunded, bk.amount_cents)), 0) as refunded,
           coalesce(sum(data.fee_cents(bk.amount_cents - least(bk.refunded, bk.amount_cents), bps)), 0) as fee
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
  select json_build_object(
    'venue_id', v.id,
    'currency', v.currency,
    'from', venue_report."from",
    'to', venue_report."to",
    'bookings', fig.bookings,
    'gross_cents', fig.gross,
    'fee_cents', fig.fee,
    'net_cents', fig.gross - fig.refunded - fig.fee,
    'refunded_cents', fig.refunded,
    'at_venue_bookings', walk_in.bookings,
    'at_venue_cents', walk_in.cents,
    'disputes', disputed.disputes,
    'disputed_cents', disputed.cents,
    'dispute_lost_cents', disputed.lost,
    'occupancy', case when coalesce(occ.open, 0) > 0
                      then round((coalesce(occ.booked, 0) / occ.open)::numeric, 4) end)
  into answer
  from fig, walk_in, disputed, occ;
  return answer;
end
$$;
comment on function api.venue_report(bigint, timestamptz, timestamptz) is
'A venue''s figures for bookings starting in [from, to): {bookings, gross_cents, fee_cents, net_cents, refunded_cents, at_venue_bookings, at_venue_cents, disputes, disputed_cents, dispute_lost_cents, occupancy}; walk-in bookings paid at the venue only in at_venue_*, disputed amounts apart';
grant execute on function api.venue_report(bigint, timestamptz, timestamptz) to owner, admin;
