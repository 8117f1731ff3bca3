-- Deploy courtbook:support/validation to pg
-- Reworked after @v0.1.0 (club, issue 20: blocking needs the schedule permission (staff)); the released version is deploy/support/validation@v0.1.0.sql

begin;
\ir ../../../functions/support/validation.sql
commit;
