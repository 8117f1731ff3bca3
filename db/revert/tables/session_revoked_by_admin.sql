-- Revert courtbook:tables/session_revoked_by_admin from pg

begin;
-- The reason did not exist before: a session support ended reads as logged out everywhere.
update data.session set revoked_reason = 'logout_everywhere' where revoked_reason = 'revoked_by_admin';
alter table data.session drop constraint session_revoked_reason_check;
alter table data.session add constraint session_revoked_reason_check check (revoked_reason in
  ('logout', 'logout_everywhere', 'refresh_reuse', 'password_changed', 'password_reset', 'expired'));
comment on column data.session.revoked_reason is null;
commit;
