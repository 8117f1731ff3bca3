-- Deploy courtbook:views/payout_reports to pg

begin;
\ir ../../../sql/views/payout_reports@v0.1.0.sql
commit;
