-- Revert courtbook:tables/notification_lease from pg

begin;
drop index data.notification_pending_idx;
-- 0.1 knows only sent_at: a sent row keeps it; the comments go back to none.
comment on column data.notification.attempts is null;
comment on column data.notification.sent_at is null;
comment on column data.notification.last_error is null;
alter table data.notification drop column leased_until, drop column status;
commit;
