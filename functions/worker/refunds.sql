-- Refunds are rows first (data.refund, status pending, its idempotency key stored
-- with it), carried out by the worker's refund_payment task, one job per row.

create or replace function internal.refund_to_issue(refund_id bigint) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  result json;
begin
  -- Counts the attempt (committed before Stripe is called) and hands the worker
  -- what the Stripe call needs; null when the refund is not pending any more,
  -- or is at Stripe already.
  update data.refund r
     set attempts = r.attempts + 1, updated_at = now()
    from data.payment p
   where r.id = refund_to_issue.refund_id
     and r.status = 'pending'
     -- already at Stripe (answered pending) or made in Stripe's dashboard: its
     -- webhook events finish it; asking again after Stripe forgot the
     -- idempotency key (24 h) would refund twice
     and r.stripe_refund_id is null
     and not r.external
     and p.id = r.payment_id
  returning json_build_object(
    'refund_id', r.id,
    'booking_id', r.booking_id,
    'payment_intent_id', p.stripe_payment_intent_id,
    'amount_cents', r.amount_cents,
    'currency', r.currency,
    'reason', r.reason,
    'idempotency_key', r.idempotency_key,
    'destination_account_id', p.destination_account_id,
    'attempts', r.attempts)
  into result;
  return result;
end
$$;
comment on function internal.refund_to_issue(bigint) is
  'Worker: counts an attempt of a pending refund and returns what the Stripe call needs (payment intent, amount, stored idempotency key, Connect destination); null when not pending, already at Stripe or external';

create or replace function internal.mark_refund_succeeded(refund_id bigint, stripe_refund_id text)
returns boolean
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  r data.refund;
  player uuid;
begin
  update data.refund f
     set status = 'succeeded',
         stripe_status = 'succeeded',
         stripe_refund_id = coalesce(mark_refund_succeeded.stripe_refund_id, f.stripe_refund_id),
         last_error = null,
         updated_at = now()
   where f.id = mark_refund_succeeded.refund_id
     and f.status <> 'succeeded'
  returning f.* into r;
  if not found then
    return false;  -- unknown or already succeeded: nothing to do, nobody told twice
  end if;

  select b.player_id into player from data.booking b where b.id = r.booking_id;
  insert into data.notification (user_id, kind, booking_id, payload)
  values (player, 'refund_issued', r.booking_id,
          jsonb_build_object('refund_id', r.id, 'amount_cents', r.amount_cents, 'currency', r.currency));
  return true;
end
$$;
comment on function internal.mark_refund_succeeded(bigint, text) is
  'Worker: Stripe accepted the refund (or it was refunded already): status succeeded, Stripe id kept, the player told once; false when already succeeded';

create or replace function internal.mark_refund_failed(refund_id bigint, error text, final boolean)
returns boolean
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  r data.refund;
  pi text;
begin
  update data.refund f
     set status = case when final then 'failed'::data.refund_status else f.status end,
         last_error = left(error, 2000),
         updated_at = now()
   where f.id = mark_refund_failed.refund_id
     and f.status = 'pending'
  returning f.* into r;
  if not found then
    return false;
  end if;
  if final then
    -- Money is owed and the worker gave up: a human has to look at it.
    select p.stripe_payment_intent_id into pi from data.payment p where p.id = r.payment_id;
    insert into data.reconciliation_case (kind, booking_id, stripe_payment_intent_id, detail)
    values ('paid_not_booked', r.booking_id, pi,
            format('refund %s of %s %s failed for good: %s', r.id, r.amount_cents, r.currency, left(error, 500)))
    on conflict (kind, stripe_payment_intent_id, booking_id) do nothing;
  end if;
  return true;
end
$$;
comment on function internal.mark_refund_failed(bigint, text, boolean) is
  'Worker: records a refund attempt''s error; final = give up (status failed, a reconciliation case for a human)';

grant execute on function internal.refund_to_issue(bigint) to worker_service;
grant execute on function internal.mark_refund_succeeded(bigint, text) to worker_service;
grant execute on function internal.mark_refund_failed(bigint, text, boolean) to worker_service;
