-- Verify courtbook:tables/app_user to pg

begin;
select id, email, password_hash, full_name, role, phone, stripe_customer_id, created_at
from data.app_user where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.app_user'::regclass;
rollback;
