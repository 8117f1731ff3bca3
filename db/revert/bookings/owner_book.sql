-- Revert courtbook:bookings/owner_book from pg

begin;
drop function api.owner_book(bigint[], text, text, text, text);
drop type api.owner_booking;
drop function data.desk_book(bigint, text, bigint[], text, text, text, text, uuid, bigint);
drop function data.clean_customer(text, text, text, text);
commit;
