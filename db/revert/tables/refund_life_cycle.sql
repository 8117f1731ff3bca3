-- Revert courtbook:tables/refund_life_cycle from pg

begin;
alter table data.refund drop column stripe_status, drop column retry_of, drop column external;
commit;
