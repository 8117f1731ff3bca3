-- Revert courtbook:views/payout_reports from pg: back to its @v0.1.0 version

begin;
-- create or replace cannot drop columns: the released view is re-created, with
-- the read-only trigger views/read_only_views puts on it.
drop view api.payout_reports;
\ir ../../../sql/views/payout_reports@v0.1.0.sql
create trigger refuse_writes instead of insert or update or delete on api.payout_reports
  for each row execute function data.refuse_view_write();
commit;
