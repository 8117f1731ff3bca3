-- Deploy courtbook:bookings/series to pg

begin;
\ir ../../../functions/bookings/series.sql
commit;
