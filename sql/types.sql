create type data.user_role as enum ('player', 'owner', 'admin');
create type data.sport as enum ('padel', 'tennis', 'football');
create type data.slot_status as enum ('available', 'held', 'booked', 'blocked');
create type data.booking_status as enum ('pending', 'confirmed', 'cancelled');
-- Mirrors the PaymentIntent lifecycle as far as courtbook acts on it.
create type data.payment_status as enum ('requires_payment', 'processing', 'succeeded', 'failed', 'canceled');
create type data.refund_status as enum ('pending', 'succeeded', 'failed');
create type data.device_platform as enum ('ios', 'android', 'web');
create type data.notification_channel as enum ('push', 'email', 'sms', 'log');
