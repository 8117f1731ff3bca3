-- Revert courtbook:worker/flag_reconciliation_case from pg

begin;
drop function internal.flag_reconciliation_case(text, bigint, text, text);
commit;
