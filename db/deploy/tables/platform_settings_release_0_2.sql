-- Deploy courtbook:tables/platform_settings_release_0_2 to pg

begin;
\ir ../../../sql/tables/platform_settings_release_0_2.sql
commit;
