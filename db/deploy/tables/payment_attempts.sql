-- Deploy courtbook:tables/payment_attempts to pg

begin;
\ir ../../../sql/tables/payment_attempts.sql
commit;
