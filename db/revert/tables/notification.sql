-- Revert courtbook:tables/notification from pg

begin;
drop table data.notification;
commit;
