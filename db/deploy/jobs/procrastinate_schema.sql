-- Deploy courtbook:jobs/procrastinate_schema to pg
-- procrastinate's own schema, exactly as the pinned package ships it
-- (sql/jobs/procrastinate_schema.sql = `procrastinate schema --read` of procrastinate 3.10.0),
-- created in a schema of its own. Its functions use unqualified names, so whoever
-- calls them runs with search_path = procrastinate (the worker sets it on its
-- connections; the SECURITY DEFINER triggers of jobs/defer_triggers pin it).
-- Upgrading procrastinate = a new sqitch change applying its migration scripts.

begin;
create schema procrastinate;
comment on schema procrastinate is 'The procrastinate job queue (tables, functions, triggers of procrastinate 3.10.0); not exposed';
set local search_path = procrastinate, pg_catalog;
\ir ../../../sql/jobs/procrastinate_schema.sql
\ir ../../../sql/jobs/procrastinate_setup.sql
commit;
