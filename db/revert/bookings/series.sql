-- Revert courtbook:bookings/series from pg

begin;
drop function api.cancel_series(bigint, timestamptz, text);
drop type api.series_cancellation;
drop function api.book_series(bigint, timestamptz, integer, text, text, text, text, text, integer);
drop type api.series_booking;
drop function api.preview_series(bigint, timestamptz, integer, integer);
drop type api.series_preview;
drop function data.series_request(bigint, timestamptz, integer, integer);
drop function data.series_occurrences(bigint, timestamptz, integer, integer);
drop function data.rules_cover(bigint, timestamp, integer);
commit;
