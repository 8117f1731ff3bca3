-- 0.2: cancellation_window_minutes is shown as integer, not as the private domain
-- data.cancellation_window_minutes (the API's shape names no data type). A column
-- changing type needs the view created anew. Venue publication adds the review
-- status and the reviewer's note; tiered cancellation policies the policy; venue
-- details (0.2) the description, photos and amenities, so the admin panel's form
-- shows what the owner set even while the venue is not published.
drop view api.my_venues;

create view api.my_venues with (security_invoker = true) as
select
  v.id, v.owner_id, v.name, v.address, v.city, v.lat, v.lng, v.timezone, v.currency,
  v.commission_bps,
  coalesce(v.commission_bps, (select s.default_commission_bps from data.platform_settings s)) as effective_commission_bps,
  v.cancellation_window_minutes::integer as cancellation_window_minutes, v.stripe_account_id, v.stripe_charges_enabled, v.stripe_payouts_enabled,
  v.created_at,
  -- venue publication (0.2): whether players see it yet, and the reviewer's note
  v.review_status, v.review_note, v.reviewed_at,
  -- tiered cancellation policies (0.2): the tiers, largest first (the admin panel's policy editor)
  v.cancellation_policy::jsonb as cancellation_policy,
  -- venue details (0.2): what api.venues shows players once the venue is published
  v.description, v.photos, v.amenities
from data.venue v
where v.owner_id = data.current_user_id() or data.is_admin();
comment on view api.my_venues is 'The caller''s venues (admin: all) with commission, Stripe Connect status and review status (venue publication)';
comment on column api.my_venues.review_status is 'pending_review (players do not see it yet), published or rejected (see review_note)';
comment on column api.my_venues.cancellation_policy is 'The cancellation policy: tiers [{min_minutes_before, refund_percent}], largest first (api.set_cancellation_policy sets it; cancellation_window_minutes is derived from it)';
comment on column api.my_venues.description is 'What the venue says about itself (plain text, at most 2000 characters), or null; players see it in api.venues once the venue is published';
comment on column api.my_venues.photos is 'Photo URLs (https), in display order: the first is the cover; empty when none';
comment on column api.my_venues.amenities is 'Amenities, sorted words of api.venue_amenities';
comment on column api.my_venues.review_note is 'The reviewing admin''s note (why it was rejected, what to fix)';

grant select on api.my_venues to owner, admin;
