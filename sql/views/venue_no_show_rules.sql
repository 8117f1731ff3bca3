-- A venue's no-show rules (issue 20) as api.set_no_show_rules leaves them, for
-- the admin panel's rules editor: its owner, its staff (any permission: the desk
-- marks the no-shows and tells players the limit) and admins read them; players
-- and anon are not granted the view. data.venue's RLS lets every role read a
-- published venue, so the view narrows to the caller's venues itself, with the
-- policies' once-per-query helpers. One table: automatically updatable, and
-- only select is granted, so a write ends in 42501.
create view api.venue_no_show_rules with (security_invoker = true) as
select v.id as venue_id, v.no_show_limit, v.no_show_suspension_days
from data.venue v
where v.id in (select data.caller_owned_venue_ids())
   or v.id in (select data.caller_staff_venue_ids(null))
   or (select data.is_admin());
comment on view api.venue_no_show_rules is
  'The no-show rules of the caller''s venues (owners: their own; staff: where they work; admins: all); changed with set_no_show_rules';
comment on column api.venue_no_show_rules.no_show_limit is
  'No-shows in 90 days that suspend a player at this venue; null: never suspend';
comment on column api.venue_no_show_rules.no_show_suspension_days is
  'How many days a suspension lasts';

grant select on api.venue_no_show_rules to owner, admin;
