-- 0.2 accounts: profile level, email verification, deletion, and a cut-off for
-- tokens issued before sessions existed (they carry no sid).
alter table data.app_user
  add column level numeric(2, 1) check (level between 0.0 and 7.0),
  add column email_verified_at timestamptz,
  add column deleted_at timestamptz,
  add column tokens_valid_after timestamptz;
comment on column data.app_user.level is 'Padel-style playing level 0.0-7.0 (open matches), set by the player';
comment on column data.app_user.email_verified_at is 'When the player entered the code sent to the email (api.verify_email)';
comment on column data.app_user.deleted_at is 'Account deleted (api.delete_account): personal columns erased, the row kept for the venues'' accounts';
comment on column data.app_user.tokens_valid_after is 'Tokens without a sid claim issued before this are refused (logout, password change, deletion)';
