-- Retries stored events that are not applied yet (their PaymentIntent or account
-- was not recorded when they came, or applying them failed): all of them, or only
-- those of one object. Called by POST /payments/intent right after it records a
-- PaymentIntent, by onboarding after it stores an account, and periodically by
-- the worker. Events locked by a concurrent apply are skipped (SKIP LOCKED), so
-- this never waits and never deadlocks with a webhook delivery; a skipped event
-- is applied by that delivery or by the next periodic run. Oldest first (by
-- Stripe's created time), so a PaymentIntent's events apply in their order.
create function internal.apply_pending_stripe_events(
  object_id text default null,
  expected_livemode boolean default null,
  max_events integer default 500
) returns integer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  ev record;
  outcome text;
  applied integer := 0;
begin
  for ev in
    select s.id from data.stripe_event s
    where s.applied_at is null
      and (apply_pending_stripe_events.object_id is null or s.object_id = apply_pending_stripe_events.object_id)
    order by s.stripe_created_at, s.received_at, s.id
    limit greatest(coalesce(max_events, 500), 0)
    for update skip locked
  loop
    outcome := internal.apply_stripe_event(ev.id, expected_livemode);
    if outcome not in ('waiting', 'error', 'unknown_event') then
      applied := applied + 1;
    end if;
  end loop;
  return applied;
end
$$;
comment on function internal.apply_pending_stripe_events(text, boolean, integer) is
'Applies stored Stripe events still unapplied (all, or those of one PaymentIntent/account), oldest first, skipping locked ones; returns how many got applied';

grant execute on function internal.apply_pending_stripe_events(text, boolean, integer)
  to webhook_service, worker_service;
