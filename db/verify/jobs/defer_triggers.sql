-- Verify courtbook:jobs/defer_triggers to pg

begin;
select 1/count(*) from pg_trigger where tgrelid = 'data.refund'::regclass and tgname = 'refund_defer_job';
select 1/count(*) from pg_trigger where tgrelid = 'data.notification'::regclass and tgname = 'notification_defer_job';
select 'internal.defer_job(text, text, text, jsonb)'::regprocedure;
rollback;
