-- Deploy courtbook:tables/booking_walk_in to pg

begin;
\ir ../../../sql/tables/booking_walk_in.sql
commit;
