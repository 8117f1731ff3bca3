-- Deploy courtbook:payments/record_dispute to pg

begin;
\ir ../../../functions/payments/record_dispute.sql
commit;
