-- Every slot of the caller's courts whatever its status (slots are public, so the
-- filter on the venue's owner is explicit here).
create view api.court_slots with (security_invoker = true) as
select
  s.id, s.court_id, c.venue_id, s.start_at, s.end_at, s.price_cents, s.status, s.held_until,
  s.blocked_reason,
  (select bs.booking_id from data.booking_slot bs where bs.slot_id = s.id and bs.active) as booking_id
from data.slot s
join data.court c on c.id = s.court_id
join data.venue v on v.id = c.venue_id
where v.owner_id = data.current_user_id() or data.is_admin();
comment on view api.court_slots is 'All slots of the caller''s courts (admin: all), any status, with the active booking';

grant select on api.court_slots to owner, admin;
