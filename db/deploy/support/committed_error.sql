-- Deploy courtbook:support/committed_error to pg

begin;
\ir ../../../functions/support/committed_error.sql
commit;
