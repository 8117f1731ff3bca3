-- Revert courtbook:tables/slot from pg

begin;
drop table data.slot;
commit;
