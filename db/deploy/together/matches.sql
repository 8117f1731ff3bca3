-- Deploy courtbook:together/matches to pg

begin;
\ir ../../../functions/together/matches.sql
commit;
