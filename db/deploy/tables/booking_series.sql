-- Deploy courtbook:tables/booking_series to pg

begin;
\ir ../../../sql/tables/booking_series.sql
commit;
