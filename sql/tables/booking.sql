create table data.booking (
  id bigint generated always as identity primary key,
  player_id uuid not null references data.app_user (id),
  venue_id bigint not null references data.venue (id),
  status data.booking_status not null default 'pending',
  amount_cents integer not null check (amount_cents > 0), -- price snapshot at hold time
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  held_until timestamptz,
  idempotency_key text check (length(idempotency_key) between 1 and 200),
  -- The venue's cancellation window when the booking was made: the policy the
  -- player agreed to, whatever the owner sets later (null: the venue's current one).
  cancellation_window_minutes integer check (cancellation_window_minutes between 0 and 43200),
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by uuid references data.app_user (id),
  cancel_reason text check (length(cancel_reason) <= 500),
  unique (player_id, idempotency_key),
  check (status <> 'pending' or held_until is not null),
  check (status <> 'confirmed' or confirmed_at is not null),
  check (status <> 'cancelled' or cancelled_at is not null)
);
comment on table data.booking is 'A player''s booking of one or more slots at one venue: pending while held, confirmed by a verified payment, or cancelled';

create index booking_player_idx on data.booking (player_id, created_at desc);
create index booking_venue_idx on data.booking (venue_id, created_at desc);
-- expire_holds scans lapsed pending bookings.
create index booking_pending_held_until_idx on data.booking (held_until) where status = 'pending';

alter table data.booking enable row level security;

create policy player_reads_own_bookings on data.booking
  for select to player using (player_id = data.current_user_id());
create policy owner_reads_own_venue_bookings on data.booking
  for select to owner using (data.owns_venue(venue_id));
create policy admin_reads_all_bookings on data.booking
  for select to admin using (true);

-- An owner sees the name of the players who booked at their venues.
create policy owner_reads_players_of_own_venues on data.app_user
  for select to owner using (
    exists (select from data.booking b where b.player_id = app_user.id and data.owns_venue(b.venue_id))
  );
