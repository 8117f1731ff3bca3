-- Deploy courtbook:connect/set_venue_stripe_account to pg

begin;
\ir ../../../functions/connect/set_venue_stripe_account.sql
commit;
