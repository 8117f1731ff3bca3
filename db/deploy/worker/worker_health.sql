-- Deploy courtbook:worker/worker_health to pg

begin;
\ir ../../../functions/worker/worker_health.sql
commit;
