-- A login: one row per signup/login, the refresh token that keeps it alive, and
-- whether it was revoked. Access tokens carry its id as the `sid` claim;
-- api.check_session() (PostgREST's db-pre-request) refuses a token of a revoked
-- session with one primary-key lookup.
create table data.session (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references data.app_user (id),
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  refresh_hash bytea not null unique check (length(refresh_hash) = 32),
  rotation integer not null default 0 check (rotation >= 0),
  refresh_expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text check (revoked_reason in
    ('logout', 'logout_everywhere', 'refresh_reuse', 'password_changed', 'password_reset', 'expired')),
  user_agent text check (length(user_agent) <= 500)
);
comment on table data.session is 'Login sessions: the current refresh token (sha256 hash only), its rotation count, revocation; access tokens carry the id as sid';
comment on column data.session.last_used_at is 'Last login or refresh (access-token requests do not write: GETs run read-only)';
comment on column data.session.refresh_hash is 'sha256 of the current refresh token; the token itself is shown once and never stored';
comment on column data.session.rotation is 'How many times the refresh token was rotated';
comment on column data.session.refresh_expires_at is 'The refresh token stops working after this (30 days after the last refresh)';
comment on column data.session.user_agent is 'User-Agent of the login request, to list a user''s devices';

create index session_user_idx on data.session (user_id) where revoked_at is null;

-- Refresh tokens already exchanged: presenting one again is token theft (RFC 9700 4.14.2).
create table data.spent_refresh_token (
  refresh_hash bytea primary key check (length(refresh_hash) = 32),
  session_id uuid not null references data.session (id) on delete cascade,
  spent_at timestamptz not null default now()
);
comment on table data.spent_refresh_token is 'Hashes of rotated-away refresh tokens: a second use revokes their session';

create index spent_refresh_token_session_idx on data.spent_refresh_token (session_id);

alter table data.session enable row level security;
alter table data.spent_refresh_token enable row level security;
-- No policies and no grants: only the SECURITY DEFINER auth functions touch them.
