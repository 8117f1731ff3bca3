-- Revert courtbook:types/payment_status_at_venue from pg
-- PostgreSQL has no ALTER TYPE ... DROP VALUE. The value is unused once the
-- changes after this one are reverted (no column stores it: payment rows never
-- do, the views computed it), so its catalog row goes; sqitch deploys as the
-- database superuser.
begin;
delete from pg_catalog.pg_enum
where enumtypid = 'data.payment_status'::regtype and enumlabel = 'at_venue';
commit;
