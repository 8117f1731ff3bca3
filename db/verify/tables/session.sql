-- Verify courtbook:tables/session to pg

begin;
select id, user_id, created_at, last_used_at, refresh_hash, rotation, refresh_expires_at, revoked_at, revoked_reason, user_agent
from data.session where false;
select refresh_hash, session_id, spent_at from data.spent_refresh_token where false;
select 1/relrowsecurity::int from pg_class where oid = 'data.session'::regclass;
rollback;
