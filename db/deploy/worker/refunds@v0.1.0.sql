-- Deploy courtbook:worker/refunds to pg

begin;
\ir ../../../functions/worker/refunds@v0.1.0.sql
commit;
