-- Deploy courtbook:tables/payout_report_held to pg

begin;
\ir ../../../sql/tables/payout_report_held.sql
commit;
