-- Deploy courtbook:tables/app_user_accounts to pg

begin;
\ir ../../../sql/tables/app_user_accounts.sql
commit;
