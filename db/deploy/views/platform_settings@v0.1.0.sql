-- Deploy courtbook:views/platform_settings to pg

begin;
\ir ../../../sql/views/platform_settings@v0.1.0.sql
commit;
