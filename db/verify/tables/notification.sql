-- Verify courtbook:tables/notification to pg

begin;
select id, user_id, kind, booking_id, payload, created_at, sent_at, attempts, last_error
from data.notification where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.notification'::regclass;
rollback;
