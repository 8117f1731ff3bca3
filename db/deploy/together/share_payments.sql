-- Deploy courtbook:together/share_payments to pg

begin;
\ir ../../../functions/together/share_payments.sql
commit;
