-- Deploy courtbook:tables/venue_staff to pg

begin;
\ir ../../../sql/tables/venue_staff.sql
commit;
