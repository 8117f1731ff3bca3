-- Deploy courtbook:views/payout_reports to pg

begin;
\ir ../../../sql/views/payout_reports.sql
commit;
