create function internal.worker_health(max_age_seconds integer default 60)
returns table (live_workers integer, last_heartbeat timestamptz, jobs_todo bigint, jobs_doing bigint)
language sql stable security definer
set search_path = procrastinate, pg_catalog
as $$
  select (select count(*)::int from procrastinate.procrastinate_workers w
           where w.last_heartbeat > now() - make_interval(secs => max_age_seconds)),
         (select max(w.last_heartbeat) from procrastinate.procrastinate_workers w),
         (select count(*) from procrastinate.procrastinate_jobs j where j.status = 'todo'),
         (select count(*) from procrastinate.procrastinate_jobs j where j.status = 'doing')
$$;
comment on function internal.worker_health(integer) is
  'Workers whose procrastinate heartbeat is younger than max_age_seconds, the newest heartbeat, and the queue depth: for the worker healthcheck';

grant execute on function internal.worker_health(integer) to worker_service;
