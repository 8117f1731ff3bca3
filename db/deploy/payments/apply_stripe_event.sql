-- Deploy courtbook:payments/apply_stripe_event to pg

begin;
\ir ../../../functions/payments/apply_stripe_event.sql
commit;
