create table data.notification (
  id bigint generated always as identity primary key,
  user_id uuid not null references data.app_user (id),
  kind text not null check (kind ~ '^[a-z_]+$'),   -- e.g. booking_confirmed, hold_expired, refund_issued
  booking_id bigint references data.booking (id),
  payload jsonb not null default '{}',
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
comment on table data.notification is 'Outbox: a message to a user, written in the transaction of the change that causes it, delivered once by the worker';

create index notification_unsent_idx on data.notification (created_at) where sent_at is null;

alter table data.notification enable row level security;

create policy user_reads_own_notifications on data.notification
  for select to player, owner, admin using (user_id = data.current_user_id());
