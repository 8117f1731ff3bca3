-- Verify courtbook:support/validation to pg

begin;
select 'data.clean_text(text, text, integer, boolean)'::regprocedure;
select 'data.check_lat_lng(double precision, double precision)'::regprocedure;
select 'data.clean_timezone(text)'::regprocedure;
select 'data.clean_currency(text)'::regprocedure;
select 'data.clean_sport(text)'::regprocedure;
select 'data.staff_slot_selection(bigint[], bigint, timestamptz, timestamptz)'::regprocedure;
rollback;
