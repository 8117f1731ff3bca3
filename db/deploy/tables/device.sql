-- Deploy courtbook:tables/device to pg

begin;
\ir ../../../sql/tables/device.sql
commit;
