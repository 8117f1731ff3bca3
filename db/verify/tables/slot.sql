-- Verify courtbook:tables/slot to pg

begin;
select id, court_id, start_at, end_at, price_cents, status, held_until, held_by, blocked_reason, created_at
from data.slot where false;
-- room for HOT updates of status/held_until
select 1/count(*) from pg_class where oid = 'data.slot'::regclass and 'fillfactor=90' = any(reloptions);
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.slot'::regclass;
rollback;
