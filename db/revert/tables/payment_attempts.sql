-- Revert courtbook:tables/payment_attempts from pg

begin;
alter table data.payment drop column stripe_status, drop column last_error, drop column stripe_status_at;
commit;
