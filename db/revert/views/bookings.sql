-- Revert courtbook:views/bookings from pg: back to its @v0.1.0 version

begin;
drop view api.bookings;
\ir ../../../sql/views/bookings@v0.1.0.sql
commit;
