-- Deploy courtbook:holds/release_hold to pg

begin;
\ir ../../../functions/holds/release_hold@v0.1.0.sql
commit;
