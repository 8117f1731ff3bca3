-- Revert courtbook:owner/venue_report from pg: back to its @v0.1.0 version

begin;
drop function api.venue_report(bigint, timestamptz, timestamptz);
drop type api.venue_figures;
\ir ../../../functions/owner/venue_report@v0.1.0.sql
commit;
