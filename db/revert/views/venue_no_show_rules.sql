-- Revert courtbook:views/venue_no_show_rules from pg

begin;
drop view api.venue_no_show_rules;
commit;
