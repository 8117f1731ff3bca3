-- Payout figures of one period per venue, in the venue's own calendar: a period
-- [period_start, period_end) of dates covers the venue-local days, i.e. the
-- instants from period_start 00:00 to period_end 00:00 in the venue's time zone.
--   bookings        bookings with a payment that succeeded in the period (each once)
--   gross_cents     what those payments received: a booking's own payment and a
--                   split booking's share and cover payments (data.booking_receipts)
--   refunded_cents  refunds that succeeded in the period (of any earlier payment,
--                   share refunds included: data.booking_refunds)
--   fee_cents       platform commission kept: the fee of the period's payments minus
--                   the fee given back with the period's refunds (refunds of Connect
--                   charges return the application fee pro rata)
--   net_cents       gross - refunded - fee: what the venue is owed for the period
--   held_cents      of net_cents, what the platform holds: payments charged
--                   without a destination (the venue's Stripe account could not
--                   take charges yet) minus the refunds of such payments. Stripe
--                   never moved it to the venue: the platform transfers it once
--                   the account can receive payouts (docs/payments.md, "Venues
--                   not ready for Connect"); never left out of a report
-- Idempotent: running it again for the same period overwrites the same rows.

create or replace function internal.build_payout_reports(period_start date, period_end date) returns integer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  n integer;
begin
  if build_payout_reports.period_start is null or build_payout_reports.period_end is null
     or build_payout_reports.period_end <= build_payout_reports.period_start then
    perform data.api_error('invalid_input', 'period_end must be after period_start', 400);
  end if;

  with v as (
    select v.id, v.currency,
           (build_payout_reports.period_start::timestamp at time zone v.timezone) as t0,
           (build_payout_reports.period_end::timestamp at time zone v.timezone) as t1
      from data.venue v
     where v.created_at < (build_payout_reports.period_end::timestamp at time zone v.timezone)
  ),
  -- Every succeeded payment of a booking: its own and a split booking's share
  -- and cover payments (data.booking_receipts); a booking counts once.
  paid as (
    select v.id as venue_id,
           count(distinct b.id)::int as bookings,
           sum(p.received_cents)::bigint as gross,
           sum(p.application_fee_cents)::bigint as fee,
           coalesce(sum(p.received_cents - p.application_fee_cents)
                      filter (where p.destination_account_id is null), 0)::bigint as held
      from v
      join data.booking b on b.venue_id = v.id
      join data.booking_receipts p on p.booking_id = b.id
     where p.currency = v.currency
       and p.succeeded_at >= v.t0 and p.succeeded_at < v.t1
     group by v.id
  ),
  refunded as (
    select v.id as venue_id,
           sum(r.amount_cents)::bigint as refunded,
           -- the application fee returned with each refund, pro rata, rounded half up
           sum((r.payment_fee_cents::bigint * r.amount_cents * 2 + r.payment_amount_cents) / (2 * r.payment_amount_cents))::bigint as fee_back,
           coalesce(sum(r.amount_cents - (r.payment_fee_cents::bigint * r.amount_cents * 2 + r.payment_amount_cents) / (2 * r.payment_amount_cents))
                      filter (where r.destination_account_id is null), 0)::bigint as held_back
      from v
      join data.booking b on b.venue_id = v.id
      -- share and cover refunds included (data.booking_refunds)
      join data.booking_refunds r on r.booking_id = b.id
     where r.status = 'succeeded'
       and r.currency = v.currency
       and r.updated_at >= v.t0 and r.updated_at < v.t1
     group by v.id
  ),
  upserted as (
    insert into data.payout_report as pr
      (venue_id, period_start, period_end, currency, bookings, gross_cents, fee_cents, refunded_cents, net_cents, held_cents)
    select v.id, build_payout_reports.period_start, build_payout_reports.period_end, v.currency,
           coalesce(paid.bookings, 0),
           coalesce(paid.gross, 0),
           coalesce(paid.fee, 0) - coalesce(refunded.fee_back, 0),
           coalesce(refunded.refunded, 0),
           coalesce(paid.gross, 0) - coalesce(refunded.refunded, 0)
             - (coalesce(paid.fee, 0) - coalesce(refunded.fee_back, 0)),
           coalesce(paid.held, 0) - coalesce(refunded.held_back, 0)
      from v
      left join paid on paid.venue_id = v.id
      left join refunded on refunded.venue_id = v.id
    on conflict (venue_id, period_start, period_end) do update
      set currency = excluded.currency,
          bookings = excluded.bookings,
          gross_cents = excluded.gross_cents,
          fee_cents = excluded.fee_cents,
          refunded_cents = excluded.refunded_cents,
          net_cents = excluded.net_cents,
          held_cents = excluded.held_cents,
          created_at = now()
    returning 1
  )
  select count(*) into n from upserted;
  return n;
end
$$;
comment on function internal.build_payout_reports(date, date) is
  'Worker: per-venue payout figures (bookings, gross, commission kept, refunds, net, held by the platform) for the venue-local dates [period_start, period_end); idempotent upsert; returns the number of venues';

grant execute on function internal.build_payout_reports(date, date) to worker_service;
