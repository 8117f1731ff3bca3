-- Verify courtbook:tables/booking_history to pg

begin;
select id, booking_id, from_status, to_status, changed_at, actor_id, actor_role, reason
from data.booking_history where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.booking_history'::regclass;
rollback;
