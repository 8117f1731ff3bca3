-- Verify courtbook:tables/notification_lease on pg

begin;
select status, leased_until from data.notification where false;
select 1/count(*) from pg_indexes where schemaname = 'data' and indexname = 'notification_pending_idx';
rollback;
