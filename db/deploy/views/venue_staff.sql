-- Deploy courtbook:views/venue_staff to pg

begin;
\ir ../../../sql/views/venue_staff.sql
commit;
