-- Revert courtbook:support/validation from pg

begin;
drop function data.staff_slot_selection(bigint[], bigint, timestamptz, timestamptz);
drop function data.clean_sport(text);
drop function data.clean_currency(text);
drop function data.clean_timezone(text);
drop function data.check_lat_lng(double precision, double precision);
drop function data.clean_text(text, text, integer, boolean);
commit;
