-- Deploy courtbook:owner/courts to pg

begin;
\ir ../../../functions/owner/courts.sql
commit;
