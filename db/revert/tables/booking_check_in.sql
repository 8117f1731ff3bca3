-- Revert courtbook:tables/booking_check_in from pg

begin;
drop table data.player_suspension;
alter table data.venue drop column no_show_suspension_days, drop column no_show_limit;
drop index data.booking_no_show_idx;
alter table data.booking
  drop constraint booking_checked_in_or_no_show,
  drop column no_show_by, drop column no_show_at, drop column checked_in_by, drop column checked_in_at;
commit;
