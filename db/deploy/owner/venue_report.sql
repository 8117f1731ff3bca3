-- Deploy courtbook:owner/venue_report to pg

begin;
\ir ../../../functions/owner/venue_report.sql
commit;
