-- Revert courtbook:tables/booking_slot from pg

begin;
drop table data.booking_slot;
commit;
