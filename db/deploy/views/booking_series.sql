-- Deploy courtbook:views/booking_series to pg

begin;
\ir ../../../sql/views/booking_series.sql
commit;
