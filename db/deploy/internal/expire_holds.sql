-- Deploy courtbook:internal/expire_holds to pg

begin;
\ir ../../../functions/internal/expire_holds.sql
commit;
