-- Failed logins and wrong codes, per account key (a hash of the email, so an
-- unknown email is throttled exactly like a known one and answers the same).
create table data.auth_failure (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('login', 'password_reset', 'email_verification')),
  key bytea not null check (length(key) = 32),
  at timestamptz not null default now()
);
comment on table data.auth_failure is 'Wrong passwords and codes per account key (sha256 of the lowercased email or of the user id): the per-account throttle windows';
comment on column data.auth_failure.key is 'sha256 of the lowercased email (login, reset) or of the user id (verification)';

create index auth_failure_key_idx on data.auth_failure (kind, key, at);
create index auth_failure_at_idx on data.auth_failure (at);

alter table data.auth_failure enable row level security;
