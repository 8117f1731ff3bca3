-- Deploy courtbook:holds/free_cancellation to pg

begin;
\ir ../../../functions/holds/free_cancellation.sql
commit;
