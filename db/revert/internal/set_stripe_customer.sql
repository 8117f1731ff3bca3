-- Revert courtbook:internal/set_stripe_customer from pg

begin;
drop function internal.set_stripe_customer(uuid, text);
commit;
