-- Deploy courtbook:holds/release_hold to pg

begin;
\ir ../../../functions/holds/release_hold.sql
commit;
