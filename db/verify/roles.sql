-- Verify courtbook:roles to pg

begin;
select 1/count(*) from pg_roles where rolname = 'anon';
select 1/count(*) from pg_roles where rolname = 'player';
select 1/count(*) from pg_roles where rolname = 'owner';
select 1/count(*) from pg_roles where rolname = 'admin';
select 1/count(*) from pg_roles where rolname = 'authenticator' and rolcanlogin and not rolinherit;
select 1/count(*) from pg_roles where rolname = 'webhook_service' and rolcanlogin;
select 1/count(*) from pg_roles where rolname = 'worker_service' and rolcanlogin;
select 1/count(*) from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles a on a.oid = m.member where r.rolname = 'player' and a.rolname = 'authenticator';
rollback;
