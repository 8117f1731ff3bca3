-- Revert courtbook:internal/confirm_booking_from_payment from pg: back to its @v0.1.0 version

begin;
-- The released version was written with create function (not or replace).
drop function internal.confirm_booking_from_payment(text, integer, text);
\ir ../../../functions/internal/confirm_booking_from_payment@v0.1.0.sql
commit;
