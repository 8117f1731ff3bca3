-- Verify courtbook:admin/review_venue on pg

begin;
select 1/has_function_privilege('admin', 'api.review_venue(bigint, boolean, text)', 'execute')::int;
select 1/(not has_function_privilege('owner', 'api.review_venue(bigint, boolean, text)', 'execute'))::int;
rollback;
