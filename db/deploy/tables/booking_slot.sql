-- Deploy courtbook:tables/booking_slot to pg

begin;
\ir ../../../sql/tables/booking_slot.sql
commit;
