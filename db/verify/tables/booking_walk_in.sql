-- Verify courtbook:tables/booking_walk_in on pg

begin;
select customer_name, customer_phone, customer_email, note, paid_at_venue, booked_by
from data.booking where false;
rollback;
