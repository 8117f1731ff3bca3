-- Deploy courtbook:support/validation to pg

begin;
\ir ../../../functions/support/validation.sql
commit;
