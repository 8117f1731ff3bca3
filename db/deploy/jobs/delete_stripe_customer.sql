-- Deploy courtbook:jobs/delete_stripe_customer to pg

begin;
\ir ../../../sql/jobs/delete_stripe_customer.sql
commit;
