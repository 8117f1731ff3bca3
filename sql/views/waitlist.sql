-- GET /waitlist: the caller's own waitlist entries (issue 21). security_invoker:
-- the table's policy shows a player their own rows; the explicit filter keeps
-- "own entries" for every role.
-- sport is text, not the private enum data.sport (issue 13: the API's shape names
-- no data type).
create view api.waitlist with (security_invoker = true) as
select
  e.id, e.venue_id, e.court_id, e.sport::text as sport,
  e.from_at as "from", e.to_at as "to",
  e.status,
  data.waitlist_position(e.id) as position,
  e.offer_booking_id, e.offer_slot_id, e.offer_until,
  e.created_at, e.closed_at
from data.waitlist_entry e
where e.player_id = data.current_user_id();
comment on view api.waitlist is 'The caller''s waitlist entries: window (from, to), court or any court of the venue (of sport), status (waiting, offered, booked, expired, left), position in line while waiting, and the offer (offer_booking_id: a pending booking to pay as usual, offer_slot_id, offer_until)';
comment on column api.waitlist.sport is 'Only courts of this sport (padel, tennis or football); null = any';
comment on column api.waitlist.position is 'Place in line while waiting (1 = the next matching slot that frees is offered to this entry)';

grant select on api.waitlist to player, owner, admin;
