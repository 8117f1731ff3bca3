-- Deploy courtbook:views/venues to pg
-- Reworked after @v0.1.0 (api.venues shows cancellation_window_minutes as integer, not the data domain); the released version is deploy/views/venues@v0.1.0.sql

begin;
\ir ../../../sql/views/venues.sql
commit;
