-- Revert courtbook:tables/app_user from pg

begin;
drop table data.app_user;
commit;
