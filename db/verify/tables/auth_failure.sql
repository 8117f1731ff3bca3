-- Verify courtbook:tables/auth_failure to pg

begin;
select id, kind, key, at from data.auth_failure where false;
select 1/relrowsecurity::int from pg_class where oid = 'data.auth_failure'::regclass;
rollback;
