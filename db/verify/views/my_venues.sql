-- Verify courtbook:views/my_venues to pg

begin;
select id, owner_id, name, address, city, lat, lng, timezone, currency, commission_bps, effective_commission_bps, cancellation_window_minutes, stripe_account_id, stripe_charges_enabled, stripe_payouts_enabled, created_at from api.my_venues where false;
select cancellation_policy, description, photos, amenities from api.my_venues where false;
select 1/has_table_privilege('owner', 'api.my_venues', 'select')::int;
select 1/has_table_privilege('admin', 'api.my_venues', 'select')::int;
select 1/(not has_table_privilege('player', 'api.my_venues', 'select'))::int;
rollback;
