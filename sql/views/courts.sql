-- 0.2: sport is shown as text, not as the private enum data.sport (issue 13: the
-- API's shape names no data type). A column changing type needs the view created anew.
drop view api.courts;

create view api.courts with (security_invoker = true) as
select c.id, c.venue_id, c.name, c.sport::text as sport, c.surface, c.indoor
from data.court c;
comment on view api.courts is 'Public court information; readable by everyone';
comment on column api.courts.sport is 'The court''s sport: padel, tennis or football';

grant select on api.courts to anon, player, owner, admin;
