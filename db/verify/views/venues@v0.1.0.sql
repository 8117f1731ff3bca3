-- Verify courtbook:views/venues to pg

begin;
select id, name, address, city, lat, lng, timezone, currency, cancellation_window_minutes, sports from api.venues where false;
rollback;
