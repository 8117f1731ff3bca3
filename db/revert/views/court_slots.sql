-- Revert courtbook:views/court_slots from pg: back to its @v0.1.0 version
-- (the view is re-created, so its read-only trigger of views/read_only_views too)

begin;
drop view api.court_slots;
\ir ../../../sql/views/court_slots@v0.1.0.sql
create trigger refuse_writes instead of insert or update or delete on api.court_slots
  for each row execute function data.refuse_view_write();
commit;
