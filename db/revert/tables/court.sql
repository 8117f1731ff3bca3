-- Revert courtbook:tables/court from pg

begin;
drop table data.court;
commit;
