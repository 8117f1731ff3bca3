create view api.my_venues with (security_invoker = true) as
select
  v.id, v.owner_id, v.name, v.address, v.city, v.lat, v.lng, v.timezone, v.currency,
  v.commission_bps,
  coalesce(v.commission_bps, (select s.default_commission_bps from data.platform_settings s)) as effective_commission_bps,
  v.cancellation_window_minutes, v.stripe_account_id, v.stripe_charges_enabled, v.stripe_payouts_enabled,
  v.created_at
from data.venue v
where v.owner_id = data.current_user_id() or data.is_admin();
comment on view api.my_venues is 'The caller''s venues (admin: all) with commission and Stripe Connect status';

grant select on api.my_venues to owner, admin;
