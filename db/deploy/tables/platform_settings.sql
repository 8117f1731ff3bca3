-- Deploy courtbook:tables/platform_settings to pg

begin;
\ir ../../../sql/tables/platform_settings.sql
commit;
