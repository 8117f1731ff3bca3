-- Deploy courtbook:tables/app_user to pg

begin;
\ir ../../../sql/tables/app_user.sql
commit;
