-- What an organizer owes when the deadline's off-session charge of their card
-- for the unpaid shares needed authentication or was declined. Paid on-session
-- (POST /payments/balance confirms the same PaymentIntent); until then the
-- organizer cannot hold slots (outstanding_balance 402).
create table data.balance (
  id bigint generated always as identity primary key,
  player_id uuid not null references data.app_user (id),
  booking_id bigint not null unique references data.booking_split (booking_id),
  share_payment_id bigint not null unique references data.share_payment (id),
  amount_cents integer not null check (amount_cents > 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  status text not null default 'open' check (status in ('open', 'paid')),
  reason text check (length(reason) <= 500),
  created_at timestamptz not null default now(),
  paid_at timestamptz,
  check ((status = 'paid') = (paid_at is not null))
);
comment on table data.balance is
  'An organizer''s unpaid split-payment balance: the deadline charge of their card failed; paid on-session with the same PaymentIntent';
comment on column data.balance.reason is 'Stripe''s decline message (authentication_required, card_declined, ...)';

create index balance_open_player_idx on data.balance (player_id) where status = 'open';

alter table data.balance enable row level security;
create policy player_reads_own_balances on data.balance
  for select to player using (player_id = (select data.current_user_id()));
create policy admin_reads_all_balances on data.balance
  for select to admin using (true);
grant select on data.balance to player, admin;
