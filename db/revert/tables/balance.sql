-- Revert courtbook:tables/balance from pg

begin;
drop table data.balance;
commit;
