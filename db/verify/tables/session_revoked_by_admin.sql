-- Verify courtbook:tables/session_revoked_by_admin on pg

begin;
select 1/count(*) from pg_constraint
where conname = 'session_revoked_reason_check' and pg_get_constraintdef(oid) like '%revoked_by_admin%';
rollback;
