-- Verify courtbook:tables/venue_details on pg

begin;
select description, photos, amenities from data.venue where false;
select venue_id, price_from_cents from data.venue_price where false;
select 1 / (data.is_photo_url('https://example.com/a.jpg') and not data.is_photo_url('http://example.com/a.jpg'))::int;
select 1 / (data.venue_amenities_ok('{parking,showers}') and not data.venue_amenities_ok('{helipad}'))::int;
select 'data.refresh_venue_price_from(bigint[])'::regprocedure;
rollback;
