-- Deploy courtbook:tables/payment to pg

begin;
\ir ../../../sql/tables/payment.sql
commit;
