-- Verify courtbook:tables/booking_series on pg

begin;
select id, venue_id, court_id, first_start, local_start, weekday, minutes, weeks, customer_name, created_by, cancelled_at
from data.booking_series where false;
select series_id from data.booking where false;
rollback;
