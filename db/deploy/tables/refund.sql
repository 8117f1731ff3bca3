-- Deploy courtbook:tables/refund to pg

begin;
\ir ../../../sql/tables/refund.sql
commit;
