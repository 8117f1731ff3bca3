-- Deploy courtbook:tables/notification to pg

begin;
\ir ../../../sql/tables/notification.sql
commit;
