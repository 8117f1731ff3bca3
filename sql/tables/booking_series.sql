-- Recurring series (issue 20): a court at the same local wall-clock time every
-- week for N weeks, booked at the desk for a named customer (a league, a
-- regular), paid at the venue. Every occurrence is a normal walk-in booking
-- (data.booking.series_id), with its own history, report lines and cancellation.
create table data.booking_series (
  id bigint generated always as identity primary key,
  venue_id bigint not null references data.venue (id),
  court_id bigint not null references data.court (id),
  first_start timestamptz not null,
  local_start time not null,
  weekday integer not null check (weekday between 1 and 7),
  minutes integer not null check (minutes between 5 and 1440),
  weeks integer not null check (weeks between 2 and 52),
  customer_name text not null check (length(customer_name) between 1 and 200),
  customer_phone text check (customer_phone ~ '^\+[1-9][0-9]{6,14}$'),
  customer_email text check (length(customer_email) <= 320),
  note text check (length(note) <= 500),
  created_by uuid not null references data.app_user (id),
  created_at timestamptz not null default now(),
  cancelled_at timestamptz
);
comment on table data.booking_series is 'A weekly recurring desk booking: one walk-in booking per occurrence (booking.series_id), same local start every week';
comment on column data.booking_series.local_start is 'The wall-clock start in the venue''s zone that every occurrence keeps (across DST changes)';
comment on column data.booking_series.weekday is 'ISO weekday of the occurrences in the venue''s zone';
comment on column data.booking_series.cancelled_at is 'When the series'' last future occurrences were cancelled (cancel_series)';

create index booking_series_venue_idx on data.booking_series (venue_id, created_at desc);

alter table data.booking
  add column series_id bigint references data.booking_series (id);
comment on column data.booking.series_id is 'The recurring series this desk booking is an occurrence of';
create index booking_series_id_idx on data.booking (series_id) where series_id is not null;

alter table data.booking_series enable row level security;
grant select on data.booking_series to owner, admin;
