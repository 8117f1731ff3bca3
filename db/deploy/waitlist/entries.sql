-- Deploy courtbook:waitlist/entries to pg

begin;
\ir ../../../functions/waitlist/entries.sql
commit;
