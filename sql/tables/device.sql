create table data.device (
  id bigint generated always as identity primary key,
  user_id uuid not null references data.app_user (id),
  token text not null unique check (length(token) between 1 and 4096),
  platform data.device_platform not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
comment on table data.device is 'Push notification tokens of a user''s devices';

create index device_user_idx on data.device (user_id);

alter table data.device enable row level security;

create policy user_reads_own_devices on data.device
  for select to player, owner, admin using (user_id = data.current_user_id());
