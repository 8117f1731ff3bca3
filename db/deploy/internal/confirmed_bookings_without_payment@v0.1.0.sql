-- Deploy courtbook:internal/confirmed_bookings_without_payment to pg

begin;
\ir ../../../functions/internal/confirmed_bookings_without_payment@v0.1.0.sql
commit;
