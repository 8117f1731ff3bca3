-- Verify courtbook:tables/app_user_accounts to pg

begin;
select level, email_verified_at, deleted_at, tokens_valid_after from data.app_user where false;
rollback;
