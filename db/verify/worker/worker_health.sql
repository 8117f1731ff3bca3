-- Verify courtbook:worker/worker_health to pg

begin;
select 1/has_function_privilege('worker_service', 'internal.worker_health(integer)', 'execute')::int;
select live_workers, last_heartbeat, jobs_todo, jobs_doing from internal.worker_health(60);
rollback;
