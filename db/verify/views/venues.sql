-- Verify courtbook:views/venues to pg

begin;
select id, name, address, city, lat, lng, timezone, currency, cancellation_window_minutes, sports, cancellation_policy,
       description, photos, amenities, price_from_cents from api.venues where false;
rollback;
