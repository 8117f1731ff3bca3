-- Revert courtbook:tables/account_code from pg

begin;
drop table data.account_code;
commit;
