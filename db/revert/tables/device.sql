-- Revert courtbook:tables/device from pg

begin;
drop table data.device;
commit;
