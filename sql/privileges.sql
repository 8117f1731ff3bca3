-- Table privileges of the API roles, in one place. They only read: every write
-- goes through an api/internal function that checks the caller itself. Row-level
-- security then decides which rows each role sees; column lists hide secrets
-- (password hashes, Stripe ids) from those who need not see them.

grant select (id, email, full_name, role, created_at) on data.app_user to player, owner, admin;
grant select on data.platform_settings to anon, player, owner, admin;

grant select (id, name, address, city, lat, lng, timezone, currency, cancellation_window_minutes, created_at)
  on data.venue to anon, player;
grant select on data.venue to owner, admin;
grant select on data.court to anon, player, owner, admin;
grant select on data.availability_rule to owner, admin;
grant select (id, court_id, start_at, end_at, price_cents, status, held_until)
  on data.slot to anon, player;
grant select on data.slot to owner, admin;

grant select on data.booking, data.booking_slot, data.booking_history, data.payment, data.refund
  to player, owner, admin;
grant select on data.device, data.notification to player, owner, admin;
grant select on data.payout_report to owner, admin;
grant select on data.stripe_event, data.reconciliation_case to admin;
