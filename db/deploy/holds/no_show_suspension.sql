-- Deploy courtbook:holds/no_show_suspension to pg

begin;
\ir ../../../functions/holds/no_show_suspension.sql
commit;
