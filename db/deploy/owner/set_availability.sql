-- Deploy courtbook:owner/set_availability to pg
-- Reworked after @v0.1.0 (club, issue 20: staff with the schedule permission); the released version is deploy/owner/set_availability@v0.1.0.sql

begin;
\ir ../../../functions/owner/set_availability.sql
commit;
