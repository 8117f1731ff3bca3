-- Revert courtbook:tables/booking from pg

begin;
drop policy owner_reads_players_of_own_venues on data.app_user;
drop table data.booking;
commit;
