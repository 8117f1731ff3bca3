-- Verify courtbook:owner/owner_quotas on pg

begin;
select 1/(count(*) = 2)::int from pg_trigger
where tgname = 'owner_quotas' and tgrelid in ('data.venue'::regclass, 'data.court'::regclass);
rollback;
