-- Revert courtbook:views/waitlist from pg

begin;
drop view api.waitlist;
commit;
