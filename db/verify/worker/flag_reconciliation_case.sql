-- Verify courtbook:worker/flag_reconciliation_case to pg

begin;
select 1/has_function_privilege('worker_service', 'internal.flag_reconciliation_case(text, bigint, text, text)', 'execute')::int;
rollback;
