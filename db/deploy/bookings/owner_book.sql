-- Deploy courtbook:bookings/owner_book to pg

begin;
\ir ../../../functions/bookings/owner_book.sql
commit;
