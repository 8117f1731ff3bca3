-- Revert courtbook:views/payout_reports from pg

begin;
drop view api.payout_reports;
commit;
