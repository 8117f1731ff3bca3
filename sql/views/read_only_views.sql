-- Writes on the read-only API views answer as PostgREST answers a write the
-- caller may not make: 42501 → 401 for anon, 403 for a logged-in role
-- (PostgREST's error table, docs/references/errors.rst), never a 500.
--
-- Why triggers: these four views join several tables, so PostgreSQL's rewriter
-- refuses a write on them ("cannot update view", 55000, which PostgREST answers
-- with 500) before the executor checks privileges; revoking does not help, as
-- no API role was ever granted a write on them. PostgREST itself runs the
-- write whatever its schema cache says (the cache's updatability feeds only
-- OPTIONS and OpenAPI). An INSTEAD OF trigger makes the rewriter let the write
-- through to the privilege check, which refuses it (42501): the trigger body
-- runs only for a role that holds a write privilege on the view (none of the
-- API roles), and refuses too. The single-table API views are automatically
-- updatable and already end in that privilege check.
-- Side effect: OPTIONS and OpenAPI list write methods for these views (they
-- are "updatable" by trigger now); every write still ends in 42501.
create function data.refuse_view_write() returns trigger
language plpgsql
set search_path = pg_catalog
as $$
begin
  raise exception 'permission denied for view %', tg_table_name
    using errcode = 'insufficient_privilege', hint = 'This view is read-only; changes go through the api functions';
end
$$;
comment on function data.refuse_view_write() is
'INSTEAD OF trigger of the read-only API views: a write ends in 42501 (401/403 through PostgREST), never in the rewriter''s 55000 (500)';

create trigger refuse_writes instead of insert or update or delete on api.venue_bookings
  for each row execute function data.refuse_view_write();
create trigger refuse_writes instead of insert or update or delete on api.court_slots
  for each row execute function data.refuse_view_write();
create trigger refuse_writes instead of insert or update or delete on api.availability_rules
  for each row execute function data.refuse_view_write();
create trigger refuse_writes instead of insert or update or delete on api.payout_reports
  for each row execute function data.refuse_view_write();
