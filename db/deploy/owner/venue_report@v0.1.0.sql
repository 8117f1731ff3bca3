-- Deploy courtbook:owner/venue_report to pg

begin;
\ir ../../../functions/owner/venue_report@v0.1.0.sql
commit;
