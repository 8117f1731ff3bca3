-- Deploy courtbook:tables/share_payment to pg

begin;
\ir ../../../sql/tables/share_payment.sql
commit;
