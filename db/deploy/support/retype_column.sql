-- Deploy courtbook:support/retype_column to pg

begin;
\ir ../../../functions/support/retype_column.sql
commit;
