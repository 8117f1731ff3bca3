-- Verify courtbook:schemas to pg

begin;
select 1/count(*) from pg_namespace where nspname = 'data';
select 1/count(*) from pg_namespace where nspname = 'api';
select 1/count(*) from pg_namespace where nspname = 'internal';
select 1/(not has_schema_privilege('anon', 'internal', 'usage'))::int;
rollback;
