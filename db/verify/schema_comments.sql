-- Verify courtbook:schema_comments to pg

begin;
select 1/(obj_description('api'::regnamespace, 'pg_namespace') like '%(docs/API.md%')::int;
rollback;
