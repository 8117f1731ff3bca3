-- Revert courtbook:tables/waitlist_entry from pg

begin;
drop table data.waitlist_entry;
commit;
