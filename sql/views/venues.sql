-- 0.2: cancellation_window_minutes is shown as integer, not as the private domain
-- data.cancellation_window_minutes (the API's shape names no data type). A column
-- changing type needs the view created anew. (0.2, tiered cancellation
-- policies) cancellation_policy: the venue's tiers, as jsonb (not the domain);
-- cancellation_window_minutes is derived from them (null without a 100 % tier).
-- 0.2: the venue's details (description, photos, amenities) and price_from_cents,
-- the cheapest weekly-rule price of its courts, kept in data.venue_price by
-- triggers (sql/tables/venue_details.sql): one primary-key lookup per venue.
drop view api.venues;

create view api.venues with (security_invoker = true) as
select
  v.id, v.name, v.address, v.city, v.lat, v.lng, v.timezone, v.currency,
  v.cancellation_window_minutes::integer as cancellation_window_minutes,
  coalesce(
    (select array_agg(distinct c.sport::text order by c.sport::text) from data.court c where c.venue_id = v.id),
    '{}'
  ) as sports,
  v.cancellation_policy::jsonb as cancellation_policy,
  v.description, v.photos, v.amenities,
  (select p.price_from_cents from data.venue_price p where p.venue_id = v.id) as price_from_cents
from data.venue v;
comment on view api.venues is 'Public venue information with the sports of its courts; readable by everyone';
comment on column api.venues.description is 'What the venue says about itself (plain text, at most 2000 characters), or null';
comment on column api.venues.photos is 'Photo URLs (https), in display order: the first is the cover; empty when none';
comment on column api.venues.amenities is
  'Amenities, sorted words of a fixed vocabulary (docs/API.md): filter with cs.{parking,showers}';
comment on column api.venues.price_from_cents is
  'The cheapest price of the venue''s courts'' weekly rules, in cents of its currency; null when it has none';

comment on column api.venues.cancellation_policy is
  'The venue''s cancellation policy: [{min_minutes_before, refund_percent}], largest first; a cancellation more than min_minutes_before minutes before the start gets that percent back';
comment on column api.venues.cancellation_window_minutes is
  'Derived from cancellation_policy (0.1''s window): full refund before start minus it; null when no tier refunds in full';

grant select on api.venues to anon, player, owner, admin;
