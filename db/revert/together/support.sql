-- Revert courtbook:together/support from pg

begin;
drop function data.defer_split_deadline(bigint, timestamptz);
drop function data.queue_share_refund(bigint, integer, text, uuid);
drop function data.share_fee_cents(bigint, integer, integer);
drop function data.assert_split_open(data.booking_split, data.booking);
drop function data.split_is_open(data.booking_split, data.booking);
drop function data.require_player();
commit;
