-- Verify courtbook:views/venue_amenities to pg

begin;
select name, position from api.venue_amenities where false;
select 1/has_table_privilege('anon', 'api.venue_amenities', 'select')::int;
rollback;
