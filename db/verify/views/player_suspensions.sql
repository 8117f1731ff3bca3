-- Verify courtbook:views/player_suspensions on pg

begin;
select id, venue_id, venue_name, player_id, player_name, starts_at, until, no_shows, booking_id, lifted_at, active
from api.player_suspensions where false;
select 1/has_table_privilege('player', 'api.player_suspensions', 'select')::int;
select 1/(not has_table_privilege('anon', 'api.player_suspensions', 'select'))::int;
rollback;
