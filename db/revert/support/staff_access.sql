-- Revert courtbook:support/staff_access from pg

begin;
drop function data.court_for_permission(bigint, text);
drop function data.venue_for_permission(bigint, text, boolean);
commit;
