-- Verify courtbook:tables/device to pg

begin;
select id, user_id, token, platform, created_at, last_seen_at
from data.device where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.device'::regclass;
rollback;
