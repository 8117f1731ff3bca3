-- Revert courtbook:payments/payment_status_text from pg

begin;
drop function data.payment_status_text(data.payment);
commit;
