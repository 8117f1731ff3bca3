-- Deploy courtbook:views/my_venues to pg
-- Reworked after @v0.1.0 (api.my_venues shows cancellation_window_minutes as integer, not the data domain; venue publication: review_status and note); the released version is deploy/views/my_venues@v0.1.0.sql

begin;
\ir ../../../sql/views/my_venues.sql
commit;
