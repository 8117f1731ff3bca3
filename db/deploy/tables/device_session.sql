-- Deploy courtbook:tables/device_session to pg

begin;
\ir ../../../sql/tables/device_session.sql
commit;
