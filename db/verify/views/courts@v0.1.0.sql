-- Verify courtbook:views/courts to pg

begin;
select id, venue_id, name, sport, surface, indoor from api.courts where false;
rollback;
