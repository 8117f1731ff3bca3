-- Revert courtbook:views/booking_money from pg

begin;
drop view data.booking_refunds;
drop view data.booking_receipts;
commit;
