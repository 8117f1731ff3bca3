-- Deploy courtbook:tables/booking_share to pg

begin;
\ir ../../../sql/tables/booking_share.sql
commit;
