-- Revert courtbook:tables/app_user_accounts from pg

begin;
alter table data.app_user
  drop column tokens_valid_after,
  drop column deleted_at,
  drop column email_verified_at,
  drop column level;
commit;
