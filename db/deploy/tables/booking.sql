-- Deploy courtbook:tables/booking to pg

begin;
\ir ../../../sql/tables/booking.sql
commit;
