-- Verify courtbook:jobs/procrastinate_schema to pg

begin;
select id, queue_name, task_name, priority, lock, queueing_lock, args, status, scheduled_at, attempts, abort_requested, worker_id
from procrastinate.procrastinate_jobs where false;
select id, last_heartbeat from procrastinate.procrastinate_workers where false;
select 'procrastinate.procrastinate_defer_jobs_v1(procrastinate.procrastinate_job_to_defer_v1[])'::regprocedure;
select 'procrastinate.procrastinate_fetch_job_v2(character varying[], bigint)'::regprocedure;
select 'procrastinate.procrastinate_update_heartbeat_v1(bigint)'::regprocedure;
select 1/has_table_privilege('worker_service', 'procrastinate.procrastinate_jobs', 'select, insert, update, delete')::int;
select 1/has_function_privilege('worker_service', 'procrastinate.procrastinate_fetch_job_v2(character varying[], bigint)', 'execute')::int;
-- every procrastinate function has its search_path pinned
select 1/(count(*) = 0)::int from pg_proc p where p.pronamespace = 'procrastinate'::regnamespace
   and not coalesce(p.proconfig::text like '%search_path=procrastinate%', false);
rollback;
