-- Revert courtbook:support/engine from pg

begin;
drop function data.hold_answer_for_key(bigint, bigint[]);
drop function data.generate_court_slots(bigint, date, integer);
drop function data.hold_answer(bigint);
drop function data.queue_refund(bigint, integer, text, uuid);
drop function data.close_booking(bigint, text, uuid);
drop function data.notify(uuid, text, bigint, jsonb);
drop function data.hold_minutes();
drop function data.fee_cents(bigint, integer);
drop function data.effective_commission_bps(bigint);
drop function data.court_for_staff(bigint);
drop function data.venue_for_staff(bigint, boolean);
drop function data.require_admin();
drop function data.require_staff();
drop function data.require_user();
commit;
