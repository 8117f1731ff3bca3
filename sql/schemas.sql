-- data: the tables, never exposed. api: the only schema PostgREST serves.
-- internal: functions for the webhook service and the worker.
create schema data;
create schema api;
create schema internal;

comment on schema data is 'courtbook tables; private, never exposed over HTTP';
comment on schema api is 'courtbook API
The contract of the mobile apps and the admin panel (shared/API.md): security_invoker views and functions.';
comment on schema internal is 'Functions for the webhook service and the worker; not exposed over HTTP';

-- security_invoker views read data as the caller, so the API roles need usage on data;
-- row-level security and column grants decide what they see.
grant usage on schema data to anon, player, owner, admin, webhook_service, worker_service;
grant usage on schema api to anon, player, owner, admin;
grant usage on schema internal to webhook_service, worker_service;

-- Functions are executable by PUBLIC by default; in an exposed schema that would
-- let anon call everything. Each function grants its callers explicitly instead.
alter default privileges revoke execute on functions from public;
