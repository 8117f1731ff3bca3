-- Verify courtbook:tables/booking_check_in on pg

begin;
select checked_in_at, checked_in_by, no_show_at, no_show_by from data.booking where false;
select no_show_limit, no_show_suspension_days from data.venue where false;
select id, venue_id, player_id, starts_at, until, no_shows, booking_id, lifted_at, lifted_by from data.player_suspension where false;
rollback;
