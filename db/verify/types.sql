-- Verify courtbook:types to pg

begin;
select 'data.user_role'::regtype;
select 'data.sport'::regtype;
select 'data.slot_status'::regtype;
select 'data.booking_status'::regtype;
select 'data.payment_status'::regtype;
select 'data.refund_status'::regtype;
select 'data.device_platform'::regtype;
select 'data.notification_channel'::regtype;
rollback;
