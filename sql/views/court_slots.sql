-- Every slot of the caller's courts whatever its status (slots are public, so the
-- filter on the venue is explicit here): the venues the caller owns, the venues
-- where they are staff with any permission (issue 20: the desk's week grid and
-- the schedule), every venue for an admin. Venues evaluated once per query.
-- status is text, not the private enum data.slot_status (issue 13: the API's shape
-- names no data type); a column changing type needs the view created anew, and
-- with it the read-only trigger of views/read_only_views.
drop view api.court_slots;

create view api.court_slots with (security_invoker = true) as
select
  s.id, s.court_id, c.venue_id, s.start_at, s.end_at, s.price_cents, s.status::text as status, s.held_until,
  s.blocked_reason,
  (select bs.booking_id from data.booking_slot bs where bs.slot_id = s.id and bs.active) as booking_id
from data.slot s
join data.court c on c.id = s.court_id
join data.venue v on v.id = c.venue_id
where v.id in (select data.caller_owned_venue_ids())
   or v.id in (select data.caller_staff_venue_ids(null))
   or (select data.is_admin());
comment on view api.court_slots is 'All slots of the caller''s courts (staff: of the venues they work at; admin: all), any status, with the active booking';
comment on column api.court_slots.status is 'The slot''s status: available, held, booked or blocked';
create trigger refuse_writes instead of insert or update or delete on api.court_slots
  for each row execute function data.refuse_view_write();

grant select on api.court_slots to owner, admin;
