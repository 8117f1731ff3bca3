create table data.refund (
  id bigint generated always as identity primary key,
  payment_id bigint not null references data.payment (id),
  booking_id bigint not null references data.booking (id),
  amount_cents integer not null check (amount_cents > 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  reason text not null check (length(reason) <= 500),
  status data.refund_status not null default 'pending',
  -- Stored before Stripe is called, so a retry after a lost commit is not a second refund.
  idempotency_key text not null unique default ('refund-' || gen_random_uuid()),
  stripe_refund_id text unique,
  requested_by uuid references data.app_user (id),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table data.refund is 'A refund of a payment, recorded in the database first and carried out by the worker';

create index refund_pending_idx on data.refund (created_at) where status = 'pending';
create index refund_booking_idx on data.refund (booking_id);

alter table data.refund enable row level security;

create policy player_reads_own_refunds on data.refund
  for select to player using (
    exists (select from data.booking b where b.id = booking_id and b.player_id = data.current_user_id())
  );
create policy owner_reads_own_venue_refunds on data.refund
  for select to owner using (
    exists (select from data.booking b where b.id = booking_id and data.owns_venue(b.venue_id))
  );
create policy admin_reads_all_refunds on data.refund
  for select to admin using (true);
