-- Revert courtbook:views/read_only_views from pg

begin;
drop trigger refuse_writes on api.payout_reports;
drop trigger refuse_writes on api.availability_rules;
drop trigger refuse_writes on api.court_slots;
drop trigger refuse_writes on api.venue_bookings;
drop function data.refuse_view_write();
commit;
