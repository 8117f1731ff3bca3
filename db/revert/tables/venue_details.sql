-- Revert courtbook:tables/venue_details from pg

begin;
drop trigger venue_price_from_after_court on data.court;
drop trigger venue_price_from_after_insert on data.availability_rule;
drop trigger venue_price_from_after_update on data.availability_rule;
drop trigger venue_price_from_after_delete on data.availability_rule;
drop function data.venue_price_from_after_court();
drop function data.venue_price_from_after_rules();
drop function data.refresh_venue_price_from(bigint[]);
drop table data.venue_price;
alter table data.venue drop column description, drop column photos, drop column amenities;
drop function data.venue_amenities_ok(text[]);
drop function data.venue_photos_ok(text[]);
drop function data.is_photo_url(text);
drop function data.venue_amenity_names();
commit;
