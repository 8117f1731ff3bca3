-- Deploy courtbook:admin/settings to pg

begin;
\ir ../../../functions/admin/settings.sql
commit;
