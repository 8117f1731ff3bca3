-- Revert courtbook:tables/reconciliation_case from pg

begin;
drop table data.reconciliation_case;
commit;
