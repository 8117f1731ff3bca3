-- The money of a booking in one place, whatever paid it: the booking's own
-- PaymentIntent (data.payment; the organizer's share of a split booking) and,
-- for a split booking, the players' share PaymentIntents and the deadline's
-- cover charge (data.share_payment). Reports read these two views, never the
-- tables apart, so a split booking's shares are counted once and fully.
-- Internal: read by security definer functions only (venue_report, payout
-- reports); no API role reads them.

create view data.booking_receipts as
  select 'booking'::text as kind, p.id as payment_id, p.booking_id,
         coalesce(p.amount_received_cents, p.amount_cents) as received_cents,
         p.amount_cents, p.application_fee_cents, p.currency, p.destination_account_id,
         p.succeeded_at
    from data.payment p
   where p.status = 'succeeded'
  union all
  select sp.kind::text, sp.id, sp.booking_id,
         coalesce(sp.amount_received_cents, sp.amount_cents),
         sp.amount_cents, sp.application_fee_cents, sp.currency, sp.destination_account_id,
         sp.succeeded_at
    from data.share_payment sp
   where sp.status = 'succeeded';
comment on view data.booking_receipts is
  'Every succeeded payment of a booking: its own PaymentIntent (kind booking) and a split booking''s share and cover PaymentIntents (kinds share, cover)';
comment on column data.booking_receipts.kind is 'booking (data.payment), share or cover (data.share_payment)';
comment on column data.booking_receipts.payment_id is 'The id in data.payment (kind booking) or data.share_payment (share, cover)';
comment on column data.booking_receipts.received_cents is 'What Stripe received (amount_received, else the amount)';
comment on column data.booking_receipts.destination_account_id is 'The venue''s connected account of a destination charge; null when the platform holds the money';

create view data.booking_refunds as
  select 'booking'::text as kind, r.id as refund_id, r.booking_id, r.amount_cents, r.currency,
         r.status, r.updated_at,
         p.amount_cents as payment_amount_cents, p.application_fee_cents as payment_fee_cents,
         p.destination_account_id
    from data.refund r
    join data.payment p on p.id = r.payment_id
  union all
  select sp.kind::text, sr.id, sr.booking_id, sr.amount_cents, sr.currency,
         sr.status, sr.updated_at,
         sp.amount_cents, sp.application_fee_cents, sp.destination_account_id
    from data.share_refund sr
    join data.share_payment sp on sp.id = sr.share_payment_id;
comment on view data.booking_refunds is
  'Every refund of a booking''s money: of its own PaymentIntent (data.refund) and of a split booking''s share and cover PaymentIntents (data.share_refund), with the refunded payment''s amount, fee and destination';
comment on column data.booking_refunds.kind is 'The kind of the refunded payment: booking, share or cover';
comment on column data.booking_refunds.refund_id is 'The id in data.refund (kind booking) or data.share_refund (share, cover)';
comment on column data.booking_refunds.payment_amount_cents is 'The refunded payment''s amount (the application fee goes back pro rata)';
comment on column data.booking_refunds.payment_fee_cents is 'The refunded payment''s application fee';

revoke all on data.booking_receipts, data.booking_refunds from public;
