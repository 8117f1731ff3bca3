-- Deploy courtbook:tables/notification_lease to pg

begin;
\ir ../../../sql/tables/notification_lease.sql
commit;
