-- Deploy courtbook:internal/confirm_booking_from_payment to pg
-- Reworked after @v0.1.0; the released version is deploy/internal/confirm_booking_from_payment@v0.1.0.sql

begin;
\ir ../../../functions/internal/confirm_booking_from_payment.sql
commit;
