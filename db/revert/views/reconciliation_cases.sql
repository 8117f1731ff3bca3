-- Revert courtbook:views/reconciliation_cases from pg

begin;
drop view api.reconciliation_cases;
commit;
