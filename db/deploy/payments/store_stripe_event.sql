-- Deploy courtbook:payments/store_stripe_event to pg

begin;
\ir ../../../functions/payments/store_stripe_event.sql
commit;
