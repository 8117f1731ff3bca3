-- Revert courtbook:waitlist/entries from pg

begin;
drop function api.leave_waitlist(bigint);
drop function api.join_waitlist(bigint, bigint, timestamptz, timestamptz, text);
drop type api.waitlist_answer;
drop function data.max_waitlist_entries();
drop function data.waitlist_position(bigint);
commit;
