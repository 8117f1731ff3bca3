-- Deploy courtbook:support/booking_lock to pg

begin;
\ir ../../../functions/support/booking_lock.sql
commit;
