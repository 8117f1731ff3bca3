-- Verify courtbook:worker/build_payout_reports to pg

begin;
select 1/has_function_privilege('worker_service', 'internal.build_payout_reports(date, date)', 'execute')::int;
rollback;
