-- The vocabulary of venue amenities (0.2, venue details), one row per word: what
-- create_venue and update_venue accept and api.venues' amenities hold. The admin
-- panel's venue form offers these; an app may read them to build its filters. It
-- reads data.venue_amenity_names(), the one list, so the words cannot drift.
create view api.venue_amenities with (security_invoker = true) as
select a.name, a.position
from unnest(data.venue_amenity_names()) with ordinality as a(name, position);
comment on view api.venue_amenities is
  'The words venue amenities are made of (docs/API.md, venue details), sorted; the vocabulary only grows';
comment on column api.venue_amenities.name is 'An amenity word: what create_venue and update_venue take and api.venues shows';
comment on column api.venue_amenities.position is 'Its place in the sorted vocabulary (1 is first)';

grant select on api.venue_amenities to anon, player, owner, admin;
-- A view over a function is not automatically updatable: a write would end in the
-- rewriter's 55000 (500 through PostgREST); the trigger takes it to the privilege
-- check instead (42501: 401/403), as for every read-only view (views/read_only_views).
create trigger refuse_writes instead of insert or update or delete on api.venue_amenities
  for each row execute function data.refuse_view_write();
