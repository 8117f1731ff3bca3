-- Verify courtbook:owner/courts to pg

begin;
select 1/has_function_privilege('owner', 'api.create_court(bigint, text, text, text, boolean)', 'execute')::int;
select 1/has_function_privilege('admin', 'api.create_court(bigint, text, text, text, boolean)', 'execute')::int;
select 1/has_function_privilege('owner', 'api.update_court(bigint, text, text, text, boolean)', 'execute')::int;
select 1/has_function_privilege('admin', 'api.update_court(bigint, text, text, text, boolean)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.create_court(bigint, text, text, text, boolean)', 'execute'))::int;
select 1/(not has_function_privilege('anon', 'api.update_court(bigint, text, text, text, boolean)', 'execute'))::int;
select 1/(not has_function_privilege('player', 'api.create_court(bigint, text, text, text, boolean)', 'execute'))::int;
select 1/(not has_function_privilege('player', 'api.update_court(bigint, text, text, text, boolean)', 'execute'))::int;
select 1/(prorettype = 'api.court_answer'::regtype)::int from pg_proc where oid = 'api.create_court(bigint, text, text, text, boolean)'::regprocedure;
select 1/(prorettype = 'api.court_answer'::regtype)::int from pg_proc where oid = 'api.update_court(bigint, text, text, text, boolean)'::regprocedure;
rollback;
