-- Verify courtbook:support/engine to pg

begin;
select 'data.require_user()'::regprocedure;
select 'data.require_staff()'::regprocedure;
select 'data.require_admin()'::regprocedure;
select 'data.venue_for_staff(bigint, boolean)'::regprocedure;
select 'data.court_for_staff(bigint)'::regprocedure;
select 'data.effective_commission_bps(bigint)'::regprocedure;
select 'data.fee_cents(bigint, integer)'::regprocedure;
select 'data.hold_minutes()'::regprocedure;
select 'data.notify(uuid, text, bigint, jsonb)'::regprocedure;
select 'data.close_booking(bigint, text, uuid)'::regprocedure;
select 'data.queue_refund(bigint, integer, text, uuid)'::regprocedure;
select 'data.hold_answer(bigint)'::regprocedure;
select 'data.generate_court_slots(bigint, date, integer)'::regprocedure;
select 'data.hold_answer_for_key(bigint, bigint[])'::regprocedure;
select 1/(data.fee_cents(1005, 1000) = 101)::int;
rollback;
