-- Deploy courtbook:internal/set_stripe_customer to pg

begin;
\ir ../../../functions/internal/set_stripe_customer.sql
commit;
