-- Deploy courtbook:tables/open_match to pg

begin;
\ir ../../../sql/tables/open_match.sql
commit;
