-- Revert courtbook:together/shares from pg

begin;
drop function data.give_back_account_shares(uuid, text);
drop function api.leave_booking(bigint);
drop function data.give_back_share(data.booking, data.booking_share, text, uuid);
drop function api.join_booking(text);
drop function data.take_share(data.booking, uuid);
drop function api.split_booking(bigint, integer);
drop function data.split_answer(bigint);
drop type api.leave_answer;
drop type api.share_answer;
drop type api.split_answer;
commit;
