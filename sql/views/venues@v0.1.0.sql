create view api.venues with (security_invoker = true) as
select
  v.id, v.name, v.address, v.city, v.lat, v.lng, v.timezone, v.currency,
  v.cancellation_window_minutes,
  coalesce(
    (select array_agg(distinct c.sport::text order by c.sport::text) from data.court c where c.venue_id = v.id),
    '{}'
  ) as sports
from data.venue v;
comment on view api.venues is 'Public venue information with the sports of its courts; readable by everyone';

grant select on api.venues to anon, player, owner, admin;
