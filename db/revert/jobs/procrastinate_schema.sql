-- Revert courtbook:jobs/procrastinate_schema from pg
-- Drops every procrastinate object (tables, types, functions, triggers: all live in
-- the procrastinate schema) and the worker's grants with them.

begin;
revoke all on schema procrastinate from worker_service;
drop schema procrastinate cascade;
commit;
