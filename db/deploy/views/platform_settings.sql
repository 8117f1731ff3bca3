-- Deploy courtbook:views/platform_settings to pg
-- Reworked after @v0.1.0; the released version is deploy/views/platform_settings@v0.1.0.sql

begin;
\ir ../../../sql/views/platform_settings.sql
commit;
