-- Deploy courtbook:internal/confirm_booking_from_payment to pg

begin;
\ir ../../../functions/internal/confirm_booking_from_payment@v0.1.0.sql
commit;
