-- Revert courtbook:tables/auth_failure from pg

begin;
drop table data.auth_failure;
commit;
