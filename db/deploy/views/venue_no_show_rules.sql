-- Deploy courtbook:views/venue_no_show_rules to pg

begin;
\ir ../../../sql/views/venue_no_show_rules.sql
commit;
