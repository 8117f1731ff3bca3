-- Deploy courtbook:tables/slot to pg

begin;
\ir ../../../sql/tables/slot.sql
commit;
