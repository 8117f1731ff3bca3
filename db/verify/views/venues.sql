-- Verify courtbook:views/venues to pg

begin;
select id, name, address, city, lat, lng, timezone, currency, cancellation_window_minutes, sports, cancellation_policy from api.venues where false;
rollback;
