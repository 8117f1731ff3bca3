-- Revert courtbook:views/court_slots from pg

begin;
drop view api.court_slots;
commit;
