-- Deploy courtbook:support/booking_slots to pg

begin;
\ir ../../../functions/support/booking_slots.sql
commit;
