-- RLS on payout_report: an owner sees their venues', an admin all.
create or replace view api.payout_reports with (security_invoker = true) as
select p.id, p.venue_id, v.name as venue_name, p.period_start, p.period_end, p.currency, p.bookings,
       p.gross_cents, p.fee_cents, p.refunded_cents, p.net_cents, p.created_at,
       p.held_cents,
       -- can the platform pay the held amount out now (the venue's account takes payouts)?
       v.stripe_payouts_enabled
from data.payout_report p
join data.venue v on v.id = p.venue_id;
comment on view api.payout_reports is 'Weekly payout figures of the caller''s venues (admin: all)';
comment on column api.payout_reports.held_cents is
  'Of net_cents, what the platform holds for the venue (charged while its Stripe account could not take charges): the platform transfers it once the account takes payouts';
comment on column api.payout_reports.stripe_payouts_enabled is
  'The venue''s Stripe account can receive payouts now (held_cents can be transferred)';

grant select on api.payout_reports to owner, admin;
