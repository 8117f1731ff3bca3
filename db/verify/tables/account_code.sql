-- Verify courtbook:tables/account_code to pg

begin;
select id, user_id, purpose, code_hash, created_at, expires_at, used_at, outcome from data.account_code where false;
select 1/relrowsecurity::int from pg_class where oid = 'data.account_code'::regclass;
rollback;
