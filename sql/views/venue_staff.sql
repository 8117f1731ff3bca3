-- Staff of the caller's venues (owners), or the caller's own staff rows (a staff
-- member: the venues they work at and what they may do there); admins: all.
-- The rows are the RLS policies' (sql/policies.sql).
create view api.venue_staff with (security_invoker = true) as
select s.venue_id, v.name as venue_name, v.timezone, v.currency,
       s.user_id, u.email::text as email, u.full_name, s.permissions, s.invited_by, s.created_at, s.updated_at
from data.venue_staff s
join data.venue v on v.id = s.venue_id
left join data.app_user u on u.id = s.user_id;
comment on view api.venue_staff is
  'Staff of the caller''s venues with their permissions (a staff member: their own rows, i.e. the venues they work at); admins: all';

grant select on api.venue_staff to owner, admin;

-- A join: writes end in 42501, not the rewriter's 500 (sql/views/read_only_views.sql).
create trigger refuse_writes instead of insert or update or delete on api.venue_staff
  for each row execute function data.refuse_view_write();
