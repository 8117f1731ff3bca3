-- Verify courtbook:views/booking_money on pg

begin;
select kind, payment_id, booking_id, received_cents, amount_cents, application_fee_cents, currency, destination_account_id, succeeded_at from data.booking_receipts where false;
select kind, refund_id, booking_id, amount_cents, currency, status, updated_at, payment_amount_cents, payment_fee_cents, destination_account_id from data.booking_refunds where false;
rollback;
