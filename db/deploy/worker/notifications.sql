-- Deploy courtbook:worker/notifications to pg

begin;
\ir ../../../functions/worker/notifications.sql
commit;
