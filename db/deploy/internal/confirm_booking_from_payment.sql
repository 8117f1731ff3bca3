-- Deploy courtbook:internal/confirm_booking_from_payment to pg

begin;
\ir ../../../functions/internal/confirm_booking_from_payment.sql
commit;
