-- Revert courtbook:views/player_suspensions from pg

begin;
drop view api.player_suspensions;
commit;
