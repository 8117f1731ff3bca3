-- A session ended by support (api.revoke_user_sessions: a stolen phone, a
-- player locked out of their own device) says so: revoked_reason
-- revoked_by_admin, besides the player's own reasons.
alter table data.session drop constraint session_revoked_reason_check;
alter table data.session add constraint session_revoked_reason_check check (revoked_reason in
  ('logout', 'logout_everywhere', 'refresh_reuse', 'password_changed', 'password_reset', 'expired', 'revoked_by_admin'));
comment on column data.session.revoked_reason is
  'Why it ended: logout, logout_everywhere, refresh_reuse (a spent refresh token presented again), password_changed, password_reset, expired, revoked_by_admin (support, api.revoke_user_sessions)';
