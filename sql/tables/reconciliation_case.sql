create table data.reconciliation_case (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('paid_not_booked', 'booked_not_paid', 'amount_mismatch', 'unknown_payment')),
  booking_id bigint references data.booking (id),
  stripe_payment_intent_id text,
  detail text not null,
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolution text,
  unique (kind, stripe_payment_intent_id, booking_id)
);
comment on table data.reconciliation_case is 'A payment/booking mismatch that reconciliation could not fix by itself: for a human';

alter table data.reconciliation_case enable row level security;

create policy admin_reads_reconciliation_cases on data.reconciliation_case
  for select to admin using (true);
