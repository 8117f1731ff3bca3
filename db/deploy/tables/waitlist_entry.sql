-- Deploy courtbook:tables/waitlist_entry to pg

begin;
\ir ../../../sql/tables/waitlist_entry.sql
commit;
