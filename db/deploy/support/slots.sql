-- Deploy courtbook:support/slots to pg

begin;
\ir ../../../functions/support/slots.sql
commit;
