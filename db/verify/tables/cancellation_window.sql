-- Verify courtbook:tables/cancellation_window on pg

begin;
select 1/(atttypid = 'data.cancellation_window_minutes'::regtype)::int from pg_attribute
where attrelid = 'data.venue'::regclass and attname = 'cancellation_window_minutes';
select 1/(atttypid = 'data.cancellation_window_minutes'::regtype)::int from pg_attribute
where attrelid = 'data.booking'::regclass and attname = 'cancellation_window_minutes';
select 1/(data.cancellation_window(1440) = 1440)::int;
select cancellation_window_minutes from api.venues where false;
select cancellation_window_minutes from api.my_venues where false;
select free_cancellation_until from api.bookings where false;
rollback;
