-- Revert courtbook:tables/booking_series from pg

begin;
alter table data.booking drop column series_id;
drop table data.booking_series;
commit;
