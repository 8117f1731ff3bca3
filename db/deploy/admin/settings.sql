-- Deploy courtbook:admin/settings to pg
-- Reworked after @v0.1.0; the released version is deploy/admin/settings@v0.1.0.sql

begin;
\ir ../../../functions/admin/settings.sql
commit;
