-- Deploy courtbook:worker/refunds to pg

begin;
\ir ../../../functions/worker/refunds.sql
commit;
