-- Verify courtbook:owner/venue_report to pg

begin;
select 1/has_function_privilege('owner', 'api.venue_report(bigint, timestamptz, timestamptz)', 'execute')::int;
select 1/has_function_privilege('admin', 'api.venue_report(bigint, timestamptz, timestamptz)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.venue_report(bigint, timestamptz, timestamptz)', 'execute'))::int;
select 1/(not has_function_privilege('player', 'api.venue_report(bigint, timestamptz, timestamptz)', 'execute'))::int;
rollback;
