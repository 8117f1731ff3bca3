-- Verify courtbook:views/venue_staff on pg

begin;
select venue_id, venue_name, user_id, email, full_name, permissions from api.venue_staff where false;
select 1/has_table_privilege('owner', 'api.venue_staff', 'select')::int;
select 1/(not has_table_privilege('player', 'api.venue_staff', 'select'))::int;
rollback;
