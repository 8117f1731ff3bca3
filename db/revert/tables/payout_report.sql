-- Revert courtbook:tables/payout_report from pg

begin;
drop table data.payout_report;
commit;
