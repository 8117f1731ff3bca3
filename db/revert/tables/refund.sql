-- Revert courtbook:tables/refund from pg

begin;
drop table data.refund;
commit;
