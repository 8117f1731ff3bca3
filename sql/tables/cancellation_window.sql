-- The cancellation window: how long before a booking's first slot starts a
-- cancellation is still refunded in full, in minutes, 0 to 30 days. Its bounds
-- live in one domain; the venue's setting and the copy a booking keeps (the
-- window on the day it was booked) are of it. The api functions taking it keep an
-- integer argument (no api signature references a data type) and check it with
-- data.cancellation_window, which casts to the domain.
create domain data.cancellation_window_minutes as integer
  constraint cancellation_window_minutes_range check (value between 0 and 43200);
comment on domain data.cancellation_window_minutes is
  'Minutes before a booking''s first slot starts up to which a cancellation is refunded in full: 0 to 43200 (30 days)';

-- The columns' own checks give way to the domain's.
alter table data.venue drop constraint venue_cancellation_window_minutes_check;
select data.retype_column('data.venue', 'cancellation_window_minutes', 'data.cancellation_window_minutes');
alter table data.booking drop constraint booking_cancellation_window_minutes_check;
select data.retype_column('data.booking', 'cancellation_window_minutes', 'data.cancellation_window_minutes');

-- An API argument as the domain, or invalid_input.
create function data.cancellation_window(minutes integer) returns data.cancellation_window_minutes
language plpgsql immutable
set search_path = pg_catalog
as $$
declare
  checked data.cancellation_window_minutes;
begin
  checked := minutes;
  return checked;
exception when check_violation then
  perform data.api_error('invalid_input', 'cancellation_window_minutes must be in 0..43200', 400);
end
$$;
comment on function data.cancellation_window(integer) is
  'An API argument as data.cancellation_window_minutes (null stays null), else invalid_input';
