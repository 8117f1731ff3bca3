-- Deploy courtbook:worker/notifications to pg

begin;
\ir ../../../functions/worker/notifications@v0.1.0.sql
commit;
