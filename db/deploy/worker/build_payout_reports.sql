-- Deploy courtbook:worker/build_payout_reports to pg
-- Reworked after @v0.1.0 (payout reports count what the platform holds for venues not ready for Connect); the released version is deploy/worker/build_payout_reports@v0.1.0.sql

begin;
\ir ../../../functions/worker/build_payout_reports.sql
commit;
