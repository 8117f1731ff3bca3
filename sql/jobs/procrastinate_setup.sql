-- What the worker's login role needs on procrastinate's objects: it fetches,
-- defers, retries and finishes jobs, registers itself and beats its heart.
-- Nobody else touches the queue directly: jobs caused by data changes are
-- deferred by SECURITY DEFINER triggers (jobs/defer_triggers).
grant usage on schema procrastinate to worker_service;
grant select, insert, update, delete on all tables in schema procrastinate to worker_service;
grant usage, select, update on all sequences in schema procrastinate to worker_service;
grant execute on all functions in schema procrastinate to worker_service;
