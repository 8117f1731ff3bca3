-- Revert courtbook:schema_comments from pg: the comment of @v0.1.0 (sql/schemas.sql)

begin;
comment on schema api is 'courtbook API
The contract of the mobile apps and the admin panel (shared/API.md): security_invoker views and functions.';
commit;
