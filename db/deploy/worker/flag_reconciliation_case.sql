-- Deploy courtbook:worker/flag_reconciliation_case to pg

begin;
\ir ../../../functions/worker/flag_reconciliation_case.sql
commit;
