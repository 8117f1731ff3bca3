-- The refund life cycle as Stripe has it (https://docs.stripe.com/refunds#refund-statuses):
-- a refund Stripe accepted may still be `pending` or `requires_action`, and may
-- later succeed or fail (charge.refund.updated). data.refund.status stays
-- courtbook's: pending until Stripe says succeeded or failed; stripe_status says
-- where Stripe is, and a pending row with a stripe_refund_id is at Stripe
-- already (the worker never asks for it again). A failed refund is retried once
-- as a new row (retry_of), with its own idempotency key.
alter table data.refund
  add column stripe_status text
    check (stripe_status in ('pending', 'requires_action', 'succeeded', 'failed', 'canceled')),
  add column retry_of bigint unique references data.refund (id),
  add column external boolean not null default false;
comment on column data.refund.stripe_status is
  'The refund''s status as Stripe last reported it (pending, requires_action, succeeded, failed, canceled); null until Stripe answered';
comment on column data.refund.retry_of is
  'The failed refund this one retries (a failed refund is retried once, then it is a reconciliation case)';
comment on column data.refund.external is
  'Made outside courtbook (Stripe''s dashboard) and recorded from its events: never carried out by the worker';

update data.refund set external = true
 where reason = 'refunded in Stripe, outside courtbook' and requested_by is null;
