-- Revert courtbook:bookings/owner_book from pg

begin;
drop function api.owner_book(bigint[], text, text, text, text);
drop type api.owner_booking;
commit;
