-- Deploy courtbook:connect/venue_for_onboarding to pg

begin;
\ir ../../../functions/connect/venue_for_onboarding@v0.1.0.sql
commit;
