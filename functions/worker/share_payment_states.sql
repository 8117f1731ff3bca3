-- Reconciliation (worker/tasks/reconcile_payments.py): what courtbook knows of these
-- PaymentIntents as a split booking's share or cover payments (data.share_payment), which
-- are not the booking's own payment (internal.payment_states) and are settled through
-- internal.apply_share_event.
create function internal.share_payment_states(payment_intent_ids text[])
returns table (payment_intent_id text, booking_id bigint, share_payment_id bigint,
               kind data.share_payment_kind, payment_status data.payment_status)
language sql stable security definer
set search_path = pg_catalog, public
as $$
  select p.stripe_payment_intent_id, p.booking_id, p.id, p.kind, p.status
    from data.share_payment p
   where p.stripe_payment_intent_id = any (payment_intent_ids)
$$;
comment on function internal.share_payment_states(text[]) is
  'Worker (reconciliation): these PaymentIntents as share or cover payments of split bookings (data.share_payment): booking, row, kind and status';

grant execute on function internal.share_payment_states(text[]) to worker_service;
