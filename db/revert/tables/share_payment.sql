-- Revert courtbook:tables/share_payment from pg

begin;
drop table data.share_refund;
drop table data.share_payment;
drop type data.share_payment_kind;
commit;
