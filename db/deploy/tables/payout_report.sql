-- Deploy courtbook:tables/payout_report to pg

begin;
\ir ../../../sql/tables/payout_report.sql
commit;
