-- Deploy courtbook:connect/venue_for_onboarding to pg

begin;
\ir ../../../functions/connect/venue_for_onboarding.sql
commit;
