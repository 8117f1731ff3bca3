-- 0.2: cancellation_window_minutes is shown as integer, not as the private domain
-- data.cancellation_window_minutes (the API's shape names no data type). A column
-- changing type needs the view created anew.
drop view api.venues;

create view api.venues with (security_invoker = true) as
select
  v.id, v.name, v.address, v.city, v.lat, v.lng, v.timezone, v.currency,
  v.cancellation_window_minutes::integer as cancellation_window_minutes,
  coalesce(
    (select array_agg(distinct c.sport::text order by c.sport::text) from data.court c where c.venue_id = v.id),
    '{}'
  ) as sports
from data.venue v;
comment on view api.venues is 'Public venue information with the sports of its courts; readable by everyone';

grant select on api.venues to anon, player, owner, admin;
