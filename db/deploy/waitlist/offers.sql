-- Deploy courtbook:waitlist/offers to pg

begin;
\ir ../../../functions/waitlist/offers.sql
commit;
