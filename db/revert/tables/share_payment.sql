-- Revert courtbook:tables/share_payment from pg

begin;
drop policy share_payer_reads_booking on data.booking;
drop policy share_payer_reads_booking_slots on data.booking_slot;
drop policy share_payer_reads_venues_of_bookings_they_paid on data.venue;
drop function data.caller_share_payment_booking_ids();
drop table data.share_refund;
drop table data.share_payment;
drop type data.share_payment_kind;
commit;
