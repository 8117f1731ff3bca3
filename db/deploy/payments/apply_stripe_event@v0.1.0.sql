-- Deploy courtbook:payments/apply_stripe_event to pg

begin;
\ir ../../../functions/payments/apply_stripe_event@v0.1.0.sql
commit;
