create table data.platform_settings (
  singleton boolean primary key default true check (singleton),
  default_commission_bps integer not null default 1000 check (default_commission_bps between 0 and 10000),
  hold_minutes integer not null default 5 check (hold_minutes between 5 and 8),
  slot_horizon_days integer not null default 30 check (slot_horizon_days between 1 and 400),
  updated_at timestamptz not null default now()
);
comment on table data.platform_settings is 'The one row of platform-wide settings: default commission (basis points), hold length, slot horizon';

insert into data.platform_settings default values;

alter table data.platform_settings enable row level security;

create policy everyone_reads_platform_settings on data.platform_settings
  for select to anon, player, owner, admin using (true);
