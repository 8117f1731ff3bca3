-- Verify courtbook:types/payment_status_at_venue on pg

begin;
select 1/count(*) from pg_catalog.pg_enum
where enumtypid = 'data.payment_status'::regtype and enumlabel = 'at_venue';
rollback;
