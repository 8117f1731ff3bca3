-- Verify courtbook:bookings/owner_book on pg

begin;
select 1/has_function_privilege('owner', 'api.owner_book(bigint[], text, text, text, text)', 'execute')::int;
select 1/(not has_function_privilege('player', 'api.owner_book(bigint[], text, text, text, text)', 'execute'))::int;
rollback;
