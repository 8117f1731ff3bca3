-- Recurring series of the caller's venues (owners, bookings staff; admins all):
-- the rows are the RLS policies' (sql/policies.sql).
create view api.booking_series with (security_invoker = true) as
select s.id, s.venue_id, s.court_id, c.name as court_name, s.first_start, s.local_start, s.weekday, s.minutes,
       s.weeks, s.customer_name, s.customer_phone, s.customer_email, s.note, s.created_by, s.created_at,
       s.cancelled_at,
       (select count(*)::integer from data.booking b where b.series_id = s.id and b.status = 'confirmed') as confirmed_bookings,
       (select min(sl.start_at) from data.booking b
          join data.booking_slot bs on bs.booking_id = b.id and bs.active
          join data.slot sl on sl.id = bs.slot_id
        where b.series_id = s.id and b.status = 'confirmed' and sl.start_at > now()) as next_start
from data.booking_series s
join data.court c on c.id = s.court_id;
comment on view api.booking_series is
  'Recurring desk series of the caller''s venues (owners and bookings staff; admins: all), with the confirmed occurrences and the next start';

grant select on api.booking_series to owner, admin;

-- A join: writes end in 42501, not the rewriter's 500 (sql/views/read_only_views.sql).
create trigger refuse_writes instead of insert or update or delete on api.booking_series
  for each row execute function data.refuse_view_write();
