-- Deploy courtbook:internal/fail_booking_from_payment to pg

begin;
\ir ../../../functions/internal/fail_booking_from_payment.sql
commit;
