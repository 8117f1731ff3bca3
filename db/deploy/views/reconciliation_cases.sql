-- Deploy courtbook:views/reconciliation_cases to pg

begin;
\ir ../../../sql/views/reconciliation_cases.sql
commit;
