-- Revert courtbook:views/platform_settings from pg: back to its @v0.1.0 version

begin;
drop view api.platform_settings;
\ir ../../../sql/views/platform_settings@v0.1.0.sql
commit;
