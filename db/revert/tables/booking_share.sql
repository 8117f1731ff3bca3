-- Revert courtbook:tables/booking_share from pg

begin;
drop policy share_holder_reads_booking on data.booking;
drop table data.booking_share;
drop table data.booking_split;
drop function data.caller_share_booking_ids();
drop type data.share_status;
commit;
