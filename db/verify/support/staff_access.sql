-- Verify courtbook:support/staff_access on pg

begin;
select 'data.venue_for_permission(bigint, text, boolean)'::regprocedure;
select 'data.court_for_permission(bigint, text)'::regprocedure;
rollback;
