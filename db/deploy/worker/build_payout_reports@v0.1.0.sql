-- Deploy courtbook:worker/build_payout_reports to pg

begin;
\ir ../../../functions/worker/build_payout_reports@v0.1.0.sql
commit;
