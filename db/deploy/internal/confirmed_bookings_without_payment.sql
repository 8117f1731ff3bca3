-- Deploy courtbook:internal/confirmed_bookings_without_payment to pg
-- Reworked after @v0.1.0 (walk-in bookings paid at the venue have no payment to miss (issue 22, the audit)); the released version is deploy/internal/confirmed_bookings_without_payment@v0.1.0.sql

begin;
\ir ../../../functions/internal/confirmed_bookings_without_payment.sql
commit;
