-- Deploy courtbook:views/bookings to pg
-- Reworked after @v0.1.0; the released version is deploy/views/bookings@v0.1.0.sql

begin;
\ir ../../../sql/views/bookings.sql
commit;
