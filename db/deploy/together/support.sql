-- Deploy courtbook:together/support to pg

begin;
\ir ../../../functions/together/support.sql
commit;
