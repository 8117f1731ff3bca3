-- Deploy courtbook:views/payout_reports to pg
-- Reworked after @v0.1.0 (payout_reports show held_cents); the released version is deploy/views/payout_reports@v0.1.0.sql

begin;
\ir ../../../sql/views/payout_reports.sql
commit;
