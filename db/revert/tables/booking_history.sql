-- Revert courtbook:tables/booking_history from pg

begin;
drop trigger booking_status_history on data.booking;
drop function data.record_booking_status_change();
drop table data.booking_history;
commit;
