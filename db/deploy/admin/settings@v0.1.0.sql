-- Deploy courtbook:admin/settings to pg

begin;
\ir ../../../functions/admin/settings@v0.1.0.sql
commit;
