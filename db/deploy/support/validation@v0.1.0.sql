-- Deploy courtbook:support/validation to pg

begin;
\ir ../../../functions/support/validation@v0.1.0.sql
commit;
