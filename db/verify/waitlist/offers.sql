-- Verify courtbook:waitlist/offers on pg

begin;
select 'data.offer_freed_slot(bigint, uuid)'::regprocedure;
select 'data.waiting_entries_for_slot(bigint)'::regprocedure;
select 'data.waitlist_matches(data.waitlist_entry, data.court, data.slot)'::regprocedure;
select 'data.defer_offer_expiry(bigint, timestamptz)'::regprocedure;
select 'data.waitlist_offer_grace()'::regprocedure;
select 1/count(*)::int from pg_trigger where tgname in ('slot_freed_offer', 'slots_created_offer', 'booking_waitlist_offer', 'app_user_deleted_leaves_waitlist') having count(*) = 4;
select 1/has_function_privilege('worker_service', 'internal.expire_offer(bigint)', 'execute')::int;
select 1/(not has_function_privilege('player', 'data.offer_freed_slot(bigint, uuid)', 'execute'))::int;
rollback;
