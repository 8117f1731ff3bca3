-- The notification outbox is delivered at most once per row: the worker claims a
-- row (sent_at set, committed) BEFORE calling the provider, confirms it after,
-- and releases the claim only when the provider said no. A worker killed between
-- claim and confirmation leaves the row claimed with last_error 'claimed: ...':
-- its outcome is unknown, and it is never sent a second time.

create function internal.notification_to_send(notification_id bigint) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  result json;
begin
  update data.notification n
     set sent_at = now(),
         attempts = n.attempts + 1,
         last_error = 'claimed: delivery in progress, outcome unknown until confirmed'
    from data.app_user u
   where n.id = notification_to_send.notification_id
     and n.sent_at is null
     and u.id = n.user_id
  returning json_build_object(
    'notification_id', n.id,
    'user_id', n.user_id,
    'kind', n.kind,
    'booking_id', n.booking_id,
    'payload', n.payload,
    'attempts', n.attempts,
    'email', u.email,
    'phone', u.phone,
    'full_name', u.full_name,
    'push_tokens', coalesce((select json_agg(d.token order by d.last_seen_at desc)
                               from data.device d where d.user_id = n.user_id), '[]'::json))
  into result;
  return result;
end
$$;
comment on function internal.notification_to_send(bigint) is
  'Worker: claims an unsent notification (committed before delivery, so two workers never both send it) and returns its recipient and content; null when already claimed or sent';

create function internal.mark_notification_sent(notification_id bigint) returns boolean
language sql volatile security definer
set search_path = pg_catalog, public
as $$
  update data.notification n
     set sent_at = now(), last_error = null
   where n.id = mark_notification_sent.notification_id
     and n.sent_at is not null
  returning true
$$;
comment on function internal.mark_notification_sent(bigint) is
  'Worker: the provider accepted the claimed notification (sent_at is the delivery time, the claim note cleared)';

create function internal.mark_notification_failed(notification_id bigint, error text) returns boolean
language sql volatile security definer
set search_path = pg_catalog, public
as $$
  update data.notification n
     set sent_at = null, last_error = left(error, 2000)
   where n.id = mark_notification_failed.notification_id
     and n.sent_at is not null
     and n.last_error like 'claimed:%'
  returning true
$$;
comment on function internal.mark_notification_failed(bigint, text) is
  'Worker: the provider refused or could not be reached (nothing was delivered): the claim is released so a retry may send it';

grant execute on function internal.notification_to_send(bigint) to worker_service;
grant execute on function internal.mark_notification_sent(bigint) to worker_service;
grant execute on function internal.mark_notification_failed(bigint, text) to worker_service;
