-- Deploy courtbook:tables/booking_history to pg

begin;
\ir ../../../sql/tables/booking_history.sql
commit;
