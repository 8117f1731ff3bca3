-- What the platform holds for a venue. A venue whose Stripe account cannot take
-- charges yet (no account, onboarding unfinished, charges disabled) is still
-- booked and paid: its PaymentIntents are plain platform charges, with no
-- transfer_data (internal.payment_context), so the money stays in the
-- platform's Stripe balance instead of reaching the venue. It is never skipped:
-- the weekly payout report counts it in held_cents (part of net_cents), and the
-- platform pays it out later with a Stripe transfer to the venue's account once
-- that account can receive payouts (docs/payments.md, "Venues not ready for
-- Connect").
alter table data.payout_report
  add column held_cents bigint not null default 0;
comment on column data.payout_report.held_cents is
  'Of net_cents, what the platform holds for the venue (payments charged while its Stripe account could not take charges, minus their refunds): owed to the venue, to be transferred by the platform (docs/payments.md)';
