-- Deploy courtbook:owner/check_in to pg

begin;
\ir ../../../functions/owner/check_in.sql
commit;
