-- Revert courtbook:tables/booking_walk_in from pg
-- Refuses (player_id not null) while walk-in bookings exist.
begin;
alter table data.booking
  drop constraint booking_at_venue_is_booked_by_staff,
  drop constraint booking_player_or_customer,
  drop column booked_by,
  drop column paid_at_venue,
  drop column note,
  drop column customer_email,
  drop column customer_phone,
  drop column customer_name,
  alter column player_id set not null;
commit;
