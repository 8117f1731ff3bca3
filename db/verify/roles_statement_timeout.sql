-- Verify courtbook:roles_statement_timeout on pg

begin;
select 1/(count(*) = 4)::int from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
where s.setdatabase = 0 and r.rolname in ('anon', 'player', 'owner', 'admin')
  and 'statement_timeout=5s' = any(s.setconfig);
rollback;
