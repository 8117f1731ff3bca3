-- Revert courtbook:tables/booking_share from pg

begin;
drop policy share_holder_reads_booking on data.booking;
drop policy share_holder_reads_booking_slots on data.booking_slot;
drop policy share_holder_reads_venues_of_bookings_they_play on data.venue;
drop table data.booking_share;
drop table data.booking_split;
drop function data.caller_share_booking_ids();
drop type data.share_status;
commit;
