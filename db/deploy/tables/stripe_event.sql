-- Deploy courtbook:tables/stripe_event to pg

begin;
\ir ../../../sql/tables/stripe_event.sql
commit;
