-- Deploy courtbook:connect/update_stripe_account_status to pg

begin;
\ir ../../../functions/connect/update_stripe_account_status.sql
commit;
