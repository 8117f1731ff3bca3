-- Verify courtbook:owner/request_venue_review on pg

begin;
select 1/has_function_privilege('owner', 'api.request_venue_review(bigint)', 'execute')::int;
select 1/(not has_function_privilege('player', 'api.request_venue_review(bigint)', 'execute'))::int;
rollback;
