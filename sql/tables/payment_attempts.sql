-- What Stripe last said about a booking's PaymentIntent while it is not final:
-- a declined card leaves it in requires_payment_method with Stripe's decline
-- message, 3-D Secure in requires_action, a slow method in processing. None of
-- these ends the booking (../docs/payments.md, "Declines are retried").
alter table data.payment
  add column stripe_status text
    check (stripe_status in ('requires_payment_method', 'requires_confirmation', 'requires_action',
                             'processing', 'requires_capture', 'canceled', 'succeeded')),
  add column last_error text check (length(last_error) <= 500),
  add column stripe_status_at timestamptz;
comment on column data.payment.stripe_status is
  'The PaymentIntent''s status as Stripe''s last applied event reported it (payment_failed: requires_payment_method; requires_action; processing); null until an event says more than status does';
comment on column data.payment.last_error is
  'Stripe''s last_payment_error.message of the last declined attempt (shown to the player as payment_error); cleared by a later attempt';
comment on column data.payment.stripe_status_at is
  'Stripe''s created time of the event that set stripe_status: an older event never overwrites a newer one';
