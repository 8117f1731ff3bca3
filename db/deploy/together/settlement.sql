-- Deploy courtbook:together/settlement to pg

begin;
\ir ../../../functions/together/settlement.sql
commit;
