create table data.payout_report (
  id bigint generated always as identity primary key,
  venue_id bigint not null references data.venue (id),
  period_start date not null,
  period_end date not null,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  bookings integer not null check (bookings >= 0),
  gross_cents bigint not null,
  fee_cents bigint not null,
  refunded_cents bigint not null,
  net_cents bigint not null,
  created_at timestamptz not null default now(),
  unique (venue_id, period_start, period_end),
  check (period_end > period_start)
);
comment on table data.payout_report is 'Weekly per-venue figures: gross, platform commission, refunds, net';

alter table data.payout_report enable row level security;

create policy owner_reads_own_payout_reports on data.payout_report
  for select to owner using (data.owns_venue(venue_id));
create policy admin_reads_all_payout_reports on data.payout_report
  for select to admin using (true);
