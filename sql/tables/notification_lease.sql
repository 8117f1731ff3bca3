-- Notifications are delivered at least once (issue 22, item 4). 0.1 marked a row
-- sent when a worker *claimed* it, so a worker killed between the claim and the
-- provider's answer lost the message for good. Since 0.2 a claim is a lease: the
-- row stays pending with `leased_until` set, a claim takes only rows whose lease
-- is free or ran out (FOR UPDATE SKIP LOCKED), and only the provider's acceptance
-- marks it sent (functions/worker/notifications.sql; docs/worker.md, "Delivery
-- guarantees").

alter table data.notification
  add column status text not null default 'pending'
    constraint notification_status_check check (status in ('pending', 'sent', 'failed')),
  add column leased_until timestamptz;

comment on column data.notification.status is
  'pending until delivered (sent) or given up (failed: a provider refused it for good, or max attempts claimed it without success)';
comment on column data.notification.leased_until is
  'The claim of the worker delivering it: no other claim takes the row before this instant; null when nobody holds it. A lease that runs out (a worker died mid-send) makes the row claimable again';
comment on column data.notification.attempts is
  'Claims so far (a worker that died counts); the claim''s number is its fencing token for mark_notification_failed';
comment on column data.notification.sent_at is
  'When the provider accepted it (since 0.2 only delivery sets it, never a claim)';
comment on column data.notification.last_error is
  'The last provider error, or why the row was given up';

-- 0.1's rows. Sent ones are sent. A row 0.1 claimed without a confirmation
-- (last_error 'claimed: ...') has an unknown outcome: it is pending again and will
-- be sent (at least once), unless it is over a day old: then, as every unsent row
-- that old, it is given up rather than sent late.
update data.notification
   set status = 'sent'
 where sent_at is not null and last_error is null;
update data.notification
   set sent_at = null,
       last_error = 'claimed by a 0.1 worker that never confirmed: outcome unknown'
 where sent_at is not null and last_error like 'claimed:%';
update data.notification
   set status = 'failed',
       last_error = left(concat_ws('; ', last_error, 'not delivered before the 0.2 upgrade and over a day old: given up'), 2000)
 where status = 'pending' and created_at < now() - interval '1 day';

create index notification_pending_idx on data.notification (created_at) where status = 'pending';
