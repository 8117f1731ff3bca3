-- Verify courtbook:tables/availability_rule to pg

begin;
select id, court_id, weekday, opens, closes, slot_minutes, price_cents
from data.availability_rule where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.availability_rule'::regclass;
rollback;
