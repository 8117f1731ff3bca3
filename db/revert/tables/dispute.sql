-- Revert courtbook:tables/dispute from pg

begin;
drop table data.dispute;
commit;
