-- Revert courtbook:internal/confirmed_bookings_without_payment from pg: back to its @v0.1.0 version

begin;
drop function internal.confirmed_bookings_without_payment();
\ir ../../../functions/internal/confirmed_bookings_without_payment@v0.1.0.sql
commit;
