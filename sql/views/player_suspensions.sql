-- No-show suspensions (issue 20): a player's own (the app shows why hold_slots
-- answers player_suspended), a venue's for its owner and its bookings staff,
-- every one for admins. The rows are the RLS policies' (sql/policies.sql).
create view api.player_suspensions with (security_invoker = true) as
select s.id, s.venue_id, v.name as venue_name, s.player_id, u.full_name as player_name,
       s.starts_at, s.until, s.no_shows, s.booking_id, s.lifted_at,
       (s.lifted_at is null and s.until > now()) as active
from data.player_suspension s
join data.venue v on v.id = s.venue_id
left join data.app_user u on u.id = s.player_id;
comment on view api.player_suspensions is
  'No-show suspensions: the caller''s own (players), their venues'' (owners and bookings staff), all (admins); active = in force now';

grant select on api.player_suspensions to player, owner, admin;

-- A join: writes end in 42501, not the rewriter's 500 (sql/views/read_only_views.sql).
create trigger refuse_writes instead of insert or update or delete on api.player_suspensions
  for each row execute function data.refuse_view_write();
