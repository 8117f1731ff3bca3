-- Revert courtbook:types from pg

begin;
drop type data.notification_channel;
drop type data.device_platform;
drop type data.refund_status;
drop type data.payment_status;
drop type data.booking_status;
drop type data.slot_status;
drop type data.sport;
drop type data.user_role;
commit;
