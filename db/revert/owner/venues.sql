-- Revert courtbook:owner/venues from pg: back to its @v0.1.0 version

begin;
drop function api.create_venue(text, text, text, double precision, double precision, text, text, integer, uuid, text, text, text[], text[]);
drop function api.update_venue(bigint, text, text, text, double precision, double precision, text, text, integer, text, text, text[], text[]);
drop type api.venue_created;
drop type api.venue_answer;
drop function data.clean_country(text);
drop function data.clean_photos(text[]);
drop function data.clean_amenities(text[]);
\ir ../../../functions/owner/venues@v0.1.0.sql
commit;
