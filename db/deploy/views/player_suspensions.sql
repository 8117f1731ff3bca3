-- Deploy courtbook:views/player_suspensions to pg

begin;
\ir ../../../sql/views/player_suspensions.sql
commit;
