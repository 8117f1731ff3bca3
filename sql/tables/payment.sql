create table data.payment (
  id bigint generated always as identity primary key,
  booking_id bigint not null unique references data.booking (id), -- one PaymentIntent per booking
  stripe_payment_intent_id text not null unique check (stripe_payment_intent_id ~ '^pi_'),
  amount_cents integer not null check (amount_cents > 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  application_fee_cents integer not null default 0 check (application_fee_cents >= 0),
  destination_account_id text, -- the venue's connected account, for a destination charge
  status data.payment_status not null default 'requires_payment',
  amount_received_cents integer check (amount_received_cents >= 0),
  livemode boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  succeeded_at timestamptz,
  check (application_fee_cents <= amount_cents)
);
comment on table data.payment is 'The Stripe PaymentIntent of a booking, its amount, platform fee and status';

create index payment_status_idx on data.payment (status, updated_at);

alter table data.payment enable row level security;

create policy player_reads_own_payments on data.payment
  for select to player using (
    exists (select from data.booking b where b.id = booking_id and b.player_id = data.current_user_id())
  );
create policy owner_reads_own_venue_payments on data.payment
  for select to owner using (
    exists (select from data.booking b where b.id = booking_id and data.owns_venue(b.venue_id))
  );
create policy admin_reads_all_payments on data.payment
  for select to admin using (true);
