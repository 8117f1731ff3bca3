-- Revert courtbook:tables/payment from pg

begin;
drop table data.payment;
commit;
