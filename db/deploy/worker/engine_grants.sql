-- Deploy courtbook:worker/engine_grants to pg

begin;
\ir ../../../functions/worker/engine_grants.sql
commit;
