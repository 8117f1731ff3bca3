-- Revert courtbook:waitlist/offers from pg

begin;
drop function internal.expire_offer(bigint);
drop trigger app_user_deleted_leaves_waitlist on data.app_user;
drop function data.waitlist_account_deleted();
drop trigger booking_waitlist_offer on data.booking;
drop function data.waitlist_offer_booking_changed();
drop trigger slots_created_offer on data.slot;
drop function data.slots_created_offer();
drop trigger slot_freed_offer on data.slot;
drop function data.slot_freed_offer();
drop function data.offer_freed_slot(bigint, uuid);
drop function data.defer_offer_expiry(bigint, timestamptz);
drop function data.waiting_entries_for_slot(bigint);
drop function data.waitlist_matches(data.waitlist_entry, data.court, data.slot);
drop function data.waitlist_offer_grace();
commit;
