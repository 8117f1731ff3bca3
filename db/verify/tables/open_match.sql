-- Verify courtbook:tables/open_match on pg

begin;
select id, booking_id, level_min, level_max, cancel_if_not_full, cancelled_at from data.open_match where false;
rollback;
