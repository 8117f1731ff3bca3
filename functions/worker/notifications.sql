-- The notification outbox is delivered at least once (issue 22, item 4; docs/worker.md,
-- "Delivery guarantees"). A worker claims a pending row with a lease
-- (leased_until = clock + lease, attempts + 1), calls the provider, then marks it
-- sent; a refusal releases the lease (retry) or gives the row up (final). A worker
-- killed between claim and confirmation holds the lease until it runs out; then any
-- claim (the sweep's, a retried job's) takes the row again and sends it again: the
-- player may get that message twice, never zero times. A claim skips rows another
-- transaction has locked (FOR UPDATE SKIP LOCKED); a row claimed max_attempts times
-- without success is given up (status failed) by the claim that would exceed it.
-- Leases use clock_timestamp(), not the transaction's start.

-- 0.1's claim marked the row sent; its failure had no fencing token.
drop function internal.notification_to_send(bigint);
drop function internal.mark_notification_failed(bigint, text);

create function internal.lease_notifications(
  only_id bigint, lease interval, max_attempts integer, batch integer, min_age interval
) returns setof json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  t constant timestamptz := clock_timestamp();
begin
  if lease is null or lease <= interval '0' then
    raise exception 'lease must be a positive interval, got %', coalesce(lease::text, 'null')
      using errcode = '22023';
  end if;
  if max_attempts is null or max_attempts < 1 then
    raise exception 'max_attempts must be at least 1, got %', coalesce(max_attempts::text, 'null')
      using errcode = '22023';
  end if;
  if batch is null or batch < 1 then
    raise exception 'batch must be at least 1, got %', coalesce(batch::text, 'null')
      using errcode = '22023';
  end if;
  return query
  with candidate as (
    select n.id, n.attempts >= max_attempts as exhausted
      from data.notification n
     where n.status = 'pending'
       and (n.leased_until is null or n.leased_until <= t)
       and (only_id is null or n.id = only_id)
       and n.created_at <= t - coalesce(min_age, interval '0')
     order by n.created_at, n.id
     limit batch
     for update of n skip locked
  ), given_up as (
    update data.notification n
       set status = 'failed',
           leased_until = null,
           last_error = left(concat_ws('; ', n.last_error,
                                       format('gave up after %s attempts', n.attempts)), 2000)
      from candidate c
     where n.id = c.id and c.exhausted
    returning n.id
  ), claimed as (
    update data.notification n
       set leased_until = t + lease,
           attempts = n.attempts + 1
      from candidate c
     where n.id = c.id and not c.exhausted
    returning n.*
  )
  select json_build_object(
           'notification_id', n.id,
           'user_id', n.user_id,
           'kind', n.kind,
           'booking_id', n.booking_id,
           'payload', n.payload,
           'attempts', n.attempts,
           'leased_until', n.leased_until,
           'email', u.email,
           'phone', u.phone,
           'full_name', u.full_name,
           'push_tokens', coalesce((select json_agg(d.token order by d.last_seen_at desc)
                                      from data.device d where d.user_id = n.user_id), '[]'::json))
    from claimed n
    join data.app_user u on u.id = n.user_id
   order by n.created_at, n.id;
end
$$;
comment on function internal.lease_notifications(bigint, interval, integer, integer, interval) is
  'The claim behind notification_to_send and claim_notifications (not granted): up to batch pending rows (one when only_id) whose lease is free or ran out and that are at least min_age old, oldest first, skipping rows locked elsewhere; each is leased until clock + lease with one more attempt, or given up (failed) when it already had max_attempts';

create function internal.notification_to_send(
  notification_id bigint, lease interval default interval '60 seconds', max_attempts integer default 6
) returns json
language sql volatile security definer
set search_path = pg_catalog, public
as $$
  select r from internal.lease_notifications(notification_to_send.notification_id,
                                             notification_to_send.lease,
                                             notification_to_send.max_attempts, 1, null) r
$$;
comment on function internal.notification_to_send(bigint, interval, integer) is
  'Worker (deliver_notification): claims one pending notification with a lease and returns its recipient and content, attempts being this claim''s number; null when it is sent, given up, leased by a live claim, locked by another claim, or given up now after max_attempts';

create function internal.claim_notifications(
  lease interval, max_attempts integer, batch integer default 100, min_age interval default interval '0'
) returns setof json
language sql volatile security definer
set search_path = pg_catalog, public
as $$
  select r from internal.lease_notifications(null, claim_notifications.lease,
                                             claim_notifications.max_attempts,
                                             claim_notifications.batch,
                                             claim_notifications.min_age) r
$$;
comment on function internal.claim_notifications(interval, integer, integer, interval) is
  'Worker (the redeliver_notifications sweep): claims up to batch pending notifications at least min_age old whose lease is free or ran out (a worker died mid-send, a job was lost), as notification_to_send does for one';

create or replace function internal.mark_notification_sent(notification_id bigint) returns boolean
language sql volatile security definer
set search_path = pg_catalog, public
as $$
  with marked as (
    update data.notification n
       set status = 'sent', sent_at = now(), leased_until = null, last_error = null
     where n.id = mark_notification_sent.notification_id
       and n.status <> 'sent'
    returning n.id
  )
  select exists (select from marked)
      or exists (select from data.notification n
                  where n.id = mark_notification_sent.notification_id and n.status = 'sent')
$$;
comment on function internal.mark_notification_sent(bigint) is
  'Worker: a provider accepted the notification: sent (sent_at the first delivery time, lease and error cleared). Idempotent: true whenever the row is sent, whichever claim sent it (a claim superseded after its lease ran out included); false only for an unknown id';

create function internal.mark_notification_failed(
  notification_id bigint, error text, attempt integer, final boolean
) returns boolean
language sql volatile security definer
set search_path = pg_catalog, public
as $$
  with marked as (
    update data.notification n
       set leased_until = null,
           last_error = left(mark_notification_failed.error, 2000),
           status = case when mark_notification_failed.final then 'failed' else 'pending' end
     where n.id = mark_notification_failed.notification_id
       and n.status = 'pending'
       and n.attempts = mark_notification_failed.attempt
    returning n.id
  )
  select exists (select from marked)
$$;
comment on function internal.mark_notification_failed(bigint, text, integer, boolean) is
  'Worker: the provider refused or could not be reached on claim number attempt: the lease is released for a retry, or the row given up when final (a permanent refusal, the last retry). False (nothing changed) when the row is no longer pending or a later claim holds it';

revoke all on function internal.lease_notifications(bigint, interval, integer, integer, interval) from public;
grant execute on function internal.notification_to_send(bigint, interval, integer) to worker_service;
grant execute on function internal.claim_notifications(interval, integer, integer, interval) to worker_service;
grant execute on function internal.mark_notification_sent(bigint) to worker_service;
grant execute on function internal.mark_notification_failed(bigint, text, integer, boolean) to worker_service;
