-- Deploy courtbook:views/waitlist to pg

begin;
\ir ../../../sql/views/waitlist.sql
commit;
