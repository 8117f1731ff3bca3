create table data.app_user (
  id uuid primary key default gen_random_uuid(),
  email citext not null unique
    check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254),
  password_hash text not null,
  full_name text not null check (length(btrim(full_name)) between 1 and 200),
  role data.user_role not null default 'player',
  phone text check (phone ~ '^\+[1-9][0-9]{6,14}$'), -- E.164, for SMS notifications; optional
  stripe_customer_id text unique,
  created_at timestamptz not null default now()
);
comment on table data.app_user is 'Players, venue owners and platform admins; passwords are bcrypt hashes, emails unique case-insensitively';

alter table data.app_user enable row level security;

create policy user_reads_self on data.app_user
  for select to player, owner, admin using (id = data.current_user_id());
create policy admin_reads_all_users on data.app_user
  for select to admin using (true);
