-- Verify courtbook:views/booking_series on pg

begin;
select id, venue_id, court_id, court_name, first_start, weeks, customer_name, confirmed_bookings, next_start
from api.booking_series where false;
select 1/has_table_privilege('owner', 'api.booking_series', 'select')::int;
select 1/(not has_table_privilege('player', 'api.booking_series', 'select'))::int;
rollback;
