-- Deploy courtbook:support/engine to pg

begin;
\ir ../../../functions/support/engine.sql
commit;
