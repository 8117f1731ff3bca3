-- Revert courtbook:support/validation from pg: back to its @v0.1.0 version

begin;
drop function data.clean_text(text, text, integer, boolean);
drop function data.check_lat_lng(double precision, double precision);
drop function data.clean_timezone(text);
drop function data.clean_currency(text);
drop function data.clean_sport(text);
drop function data.staff_slot_selection(bigint[], bigint, timestamptz, timestamptz);
\ir ../../../functions/support/validation@v0.1.0.sql
commit;
