-- Deploy courtbook:tables/refund_life_cycle to pg

begin;
\ir ../../../sql/tables/refund_life_cycle.sql
commit;
