-- Verify courtbook:tables/court to pg

begin;
select id, venue_id, name, sport, surface, indoor, created_at
from data.court where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.court'::regclass;
rollback;
