-- Deploy courtbook:internal/confirmed_bookings_without_payment to pg

begin;
\ir ../../../functions/internal/confirmed_bookings_without_payment.sql
commit;
