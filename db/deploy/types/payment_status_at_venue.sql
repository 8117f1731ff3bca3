-- Deploy courtbook:types/payment_status_at_venue to pg

begin;
\ir ../../../sql/types/payment_status_at_venue.sql
commit;
