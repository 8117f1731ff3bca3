-- What Stripe says about a refund after it accepted it, in one place for the
-- worker (the answer to its refund request) and the webhook (charge.refunded,
-- charge.refund.updated): https://docs.stripe.com/refunds#refund-statuses.

-- Stripe accepted the refund but it is not done (pending, requires_action): the
-- row stays pending, keeps the Stripe id (so the worker never asks again) and
-- nobody is told "refund issued" yet; charge.refund.updated finishes it.
create function internal.refund_submitted(refund_id bigint, stripe_refund_id text, stripe_status text)
returns boolean
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
begin
  update data.refund f
     set stripe_refund_id = coalesce(refund_submitted.stripe_refund_id, f.stripe_refund_id),
         stripe_status = refund_submitted.stripe_status,
         last_error = null,
         updated_at = now()
   where f.id = refund_submitted.refund_id
     and f.status = 'pending';
  return found;
end
$$;
comment on function internal.refund_submitted(bigint, text, text) is
  'Worker/webhook: Stripe accepted a refund that is not final yet (pending, requires_action): Stripe id and status kept, still pending, nobody told; false when not pending';

-- Stripe says the refund failed (or was canceled), also one it first reported
-- succeeded (asynchronous failures: https://docs.stripe.com/refunds#failed-refunds).
-- The money is still owed, so courtbook's own refund is retried once, as a new
-- row with its own idempotency key (its insert defers the worker's job); when
-- the retry fails too, or the refund was made outside courtbook, a
-- reconciliation case goes to a human. Answers retry_queued,
-- reconciliation_case or already_failed.
create function internal.refund_failed_at_stripe(refund_id bigint, stripe_status text, reason text)
returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  r data.refund;
  pi text;
begin
  select * into r from data.refund f where f.id = refund_failed_at_stripe.refund_id for update;
  if not found then
    return 'unknown_refund';
  end if;
  if r.status = 'failed' then
    return 'already_failed';
  end if;
  update data.refund f
     set status = 'failed',
         stripe_status = coalesce(refund_failed_at_stripe.stripe_status, 'failed'),
         last_error = left(coalesce(refund_failed_at_stripe.reason, 'failed at Stripe'), 2000),
         updated_at = now()
   where f.id = r.id;

  if not r.external and r.retry_of is null then
    insert into data.refund (payment_id, booking_id, amount_cents, currency, reason, requested_by, retry_of)
    values (r.payment_id, r.booking_id, r.amount_cents, r.currency,
            left(format('retry of refund %s (%s): %s', r.id,
                        coalesce(refund_failed_at_stripe.reason, 'failed'), r.reason), 500),
            r.requested_by, r.id);
    return 'retry_queued';
  end if;
  select p.stripe_payment_intent_id into pi from data.payment p where p.id = r.payment_id;
  perform internal.flag_reconciliation_case(
    'paid_not_booked', r.booking_id, pi,
    format('refund %s of %s %s failed at Stripe%s: %s; the money is still owed to the player',
           r.id, r.amount_cents, r.currency,
           case when r.external then ' (made in the Stripe dashboard)'
                else format(' (retry of refund %s)', r.retry_of) end,
           coalesce(refund_failed_at_stripe.reason, 'failed')));
  return 'reconciliation_case';
end
$$;
comment on function internal.refund_failed_at_stripe(bigint, text, text) is
  'Worker/webhook: Stripe says a refund failed: status failed; courtbook''s own refund is retried once (a new pending row), a failed retry or dashboard refund becomes a reconciliation case; retry_queued, reconciliation_case, already_failed';

-- courtbook's refund id from a Stripe refund's metadata (the worker sends
-- metadata[refund_id]); null when absent or not an id.
create function data.stripe_refund_metadata_id(refund jsonb) returns bigint
language sql immutable parallel safe
set search_path = pg_catalog
as $$
  select case when refund #>> '{metadata,refund_id}' ~ '^[0-9]{1,18}$'
              then (refund #>> '{metadata,refund_id}')::bigint end
$$;
comment on function data.stripe_refund_metadata_id(jsonb) is
  'The refund_id metadata courtbook''s worker puts on a Stripe refund, as a data.refund id (null when absent)';

grant execute on function internal.refund_submitted(bigint, text, text) to webhook_service, worker_service;
grant execute on function internal.refund_failed_at_stripe(bigint, text, text) to webhook_service, worker_service;
