-- Deploy courtbook:together/shares to pg

begin;
\ir ../../../functions/together/shares.sql
commit;
