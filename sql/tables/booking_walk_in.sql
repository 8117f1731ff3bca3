-- Walk-in and phone bookings (api.owner_book): booked by the venue's staff for a
-- named customer who needs no account, confirmed at once, paid at the venue
-- (no Stripe, no commission). player_id is null for them.
alter table data.booking
  alter column player_id drop not null,
  add column customer_name text check (length(customer_name) between 1 and 200),
  add column customer_phone text check (customer_phone ~ '^\+[1-9][0-9]{6,14}$'),
  add column customer_email text check (length(customer_email) <= 320),
  add column note text check (length(note) <= 500),
  add column paid_at_venue boolean not null default false,
  add column booked_by uuid references data.app_user (id),
  add constraint booking_player_or_customer check (player_id is not null or customer_name is not null),
  add constraint booking_at_venue_is_booked_by_staff check (not paid_at_venue or booked_by is not null);
comment on column data.booking.customer_name is 'Walk-in/phone booking: the customer''s name (player_id is null)';
comment on column data.booking.paid_at_venue is 'A walk-in/phone booking, paid at the venue: no Stripe payment, no commission';
comment on column data.booking.booked_by is 'The owner or staff member who made a walk-in/phone booking';
