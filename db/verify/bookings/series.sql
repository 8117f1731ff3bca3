-- Verify courtbook:bookings/series on pg

begin;
select 1/has_function_privilege('owner', 'api.preview_series(bigint, timestamptz, integer, integer)', 'execute')::int;
select 1/has_function_privilege('owner', 'api.book_series(bigint, timestamptz, integer, text, text, text, text, text, integer)', 'execute')::int;
select 1/has_function_privilege('admin', 'api.cancel_series(bigint, timestamptz, text)', 'execute')::int;
select 1/(not has_function_privilege('player', 'api.book_series(bigint, timestamptz, integer, text, text, text, text, text, integer)', 'execute'))::int;
select 1/(not has_function_privilege('anon', 'api.preview_series(bigint, timestamptz, integer, integer)', 'execute'))::int;
rollback;
