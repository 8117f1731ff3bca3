-- Deploy courtbook:views/booking_money to pg

begin;
\ir ../../../sql/views/booking_money.sql
commit;
