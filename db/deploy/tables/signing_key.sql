-- Deploy courtbook:tables/signing_key to pg

begin;
\ir ../../../sql/tables/signing_key.sql
commit;
