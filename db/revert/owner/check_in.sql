-- Revert courtbook:owner/check_in from pg

begin;
drop function api.set_no_show_rules(bigint, integer, integer);
drop type api.no_show_rules;
drop function api.undo_no_show(bigint);
drop function api.mark_no_show(bigint);
drop type api.no_show_answer;
drop function api.check_in(bigint);
drop type api.check_in_answer;
drop function data.lock_desk_booking(bigint, text);
drop function data.active_suspension_until(bigint, uuid);
drop function data.no_show_count(bigint, uuid);
drop function data.booking_span(bigint);
commit;
