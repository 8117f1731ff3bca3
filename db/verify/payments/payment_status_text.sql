-- Verify courtbook:payments/payment_status_text on pg

begin;
select 'data.payment_status_text(data.payment)'::regprocedure;
rollback;
