-- Revert courtbook:tables/stripe_event from pg

begin;
drop table data.stripe_event;
commit;
