-- Deploy courtbook:tables/booking_check_in to pg

begin;
\ir ../../../sql/tables/booking_check_in.sql
commit;
