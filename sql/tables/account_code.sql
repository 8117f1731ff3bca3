-- Six-digit single-use codes for password reset and email verification.
create table data.account_code (
  id bigint generated always as identity primary key,
  user_id uuid not null references data.app_user (id),
  purpose text not null check (purpose in ('password_reset', 'email_verification')),
  code_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  outcome text check (outcome in ('used', 'replaced', 'too_many_attempts')),
  check ((used_at is null) = (outcome is null))
);
comment on table data.account_code is 'Password-reset and email-verification codes: bcrypt-hashed, 30 minutes, single use; a new one replaces the old';
comment on column data.account_code.code_hash is 'bcrypt of the 6-digit code (the code itself only travels in the email)';
comment on column data.account_code.used_at is 'When the code stopped being usable (see outcome); null while it is open';
comment on column data.account_code.outcome is 'Why the code closed: used (entered right), replaced (a newer code was sent), too_many_attempts (5 wrong codes)';

create unique index account_code_open_idx on data.account_code (user_id, purpose) where used_at is null;
-- Codes sent in the last hour, per account and purpose (the sending limit).
create index account_code_recent_idx on data.account_code (user_id, purpose, created_at);

alter table data.account_code enable row level security;
