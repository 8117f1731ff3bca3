-- Deploy courtbook:connect/venue_for_onboarding to pg
-- Reworked after @v0.1.0 (onboarding passes the venue's country to Stripe); the released version is deploy/connect/venue_for_onboarding@v0.1.0.sql

begin;
\ir ../../../functions/connect/venue_for_onboarding.sql
commit;
