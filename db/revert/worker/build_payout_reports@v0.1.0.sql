-- Revert courtbook:worker/build_payout_reports from pg

begin;
drop function internal.build_payout_reports(date, date);
commit;
