-- Revert courtbook:tables/cancellation_window from pg: integer columns with their own checks again

begin;
drop function data.cancellation_window(integer);
select data.retype_column('data.booking', 'cancellation_window_minutes', 'integer');
alter table data.booking add constraint booking_cancellation_window_minutes_check
  check (cancellation_window_minutes between 0 and 43200);
select data.retype_column('data.venue', 'cancellation_window_minutes', 'integer');
alter table data.venue alter column cancellation_window_minutes set default 1440;
alter table data.venue add constraint venue_cancellation_window_minutes_check
  check (cancellation_window_minutes between 0 and 43200);
drop domain data.cancellation_window_minutes;
commit;
