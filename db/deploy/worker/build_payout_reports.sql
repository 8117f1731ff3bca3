-- Deploy courtbook:worker/build_payout_reports to pg

begin;
\ir ../../../functions/worker/build_payout_reports.sql
commit;
