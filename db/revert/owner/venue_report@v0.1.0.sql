-- Revert courtbook:owner/venue_report from pg

begin;
drop function api.venue_report(bigint, timestamptz, timestamptz);
commit;
