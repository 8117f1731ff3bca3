-- Verify courtbook:owner/venues to pg

begin;
select 1/has_function_privilege('owner', 'api.create_venue(text, text, text, double precision, double precision, text, text, integer, uuid, text, text, text[], text[])', 'execute')::int;
select 1/has_function_privilege('admin', 'api.create_venue(text, text, text, double precision, double precision, text, text, integer, uuid, text, text, text[], text[])', 'execute')::int;
select 1/has_function_privilege('owner', 'api.update_venue(bigint, text, text, text, double precision, double precision, text, text, integer, text, text, text[], text[])', 'execute')::int;
select 1/has_function_privilege('admin', 'api.update_venue(bigint, text, text, text, double precision, double precision, text, text, integer, text, text, text[], text[])', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.create_venue(text, text, text, double precision, double precision, text, text, integer, uuid, text, text, text[], text[])', 'execute'))::int;
select 1/(not has_function_privilege('anon', 'api.update_venue(bigint, text, text, text, double precision, double precision, text, text, integer, text, text, text[], text[])', 'execute'))::int;
select 1/(not has_function_privilege('player', 'api.create_venue(text, text, text, double precision, double precision, text, text, integer, uuid, text, text, text[], text[])', 'execute'))::int;
select 1/(not has_function_privilege('player', 'api.update_venue(bigint, text, text, text, double precision, double precision, text, text, integer, text, text, text[], text[])', 'execute'))::int;
rollback;
