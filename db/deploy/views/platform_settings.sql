-- Deploy courtbook:views/platform_settings to pg

begin;
\ir ../../../sql/views/platform_settings.sql
commit;
