-- Applied right after procrastinate's own schema (jobs/procrastinate_schema).
--
-- procrastinate's functions and triggers name their tables unqualified; pinning
-- their search_path makes them work (and safe) whatever the caller's search_path
-- is: a trigger firing from a session of the API roles, a DBA's psql, the worker.
do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure from pg_proc p
     where p.pronamespace = 'procrastinate'::regnamespace
  loop
    execute format('alter function %s set search_path = procrastinate, pg_catalog', f);
  end loop;
end
$$;

-- What the worker's login role needs on procrastinate's objects: it fetches,
-- defers, retries and finishes jobs, registers itself and beats its heart.
-- Nobody else touches the queue directly: jobs caused by data changes are
-- deferred by SECURITY DEFINER triggers (jobs/defer_triggers).
grant usage on schema procrastinate to worker_service;
grant select, insert, update, delete on all tables in schema procrastinate to worker_service;
grant usage, select, update on all sequences in schema procrastinate to worker_service;
grant execute on all functions in schema procrastinate to worker_service;
