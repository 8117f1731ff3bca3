-- Deploy courtbook:tables/reconciliation_case to pg

begin;
\ir ../../../sql/tables/reconciliation_case.sql
commit;
