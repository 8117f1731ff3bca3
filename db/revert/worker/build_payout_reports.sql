-- Revert courtbook:worker/build_payout_reports from pg: back to its @v0.1.0 version

begin;
-- The released version was written with create function (not or replace).
drop function internal.build_payout_reports(date, date);
\ir ../../../functions/worker/build_payout_reports@v0.1.0.sql
commit;
