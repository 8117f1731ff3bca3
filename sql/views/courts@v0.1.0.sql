create view api.courts with (security_invoker = true) as
select c.id, c.venue_id, c.name, c.sport, c.surface, c.indoor
from data.court c;
comment on view api.courts is 'Public court information; readable by everyone';

grant select on api.courts to anon, player, owner, admin;
