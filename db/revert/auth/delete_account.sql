-- Revert courtbook:auth/delete_account from pg

begin;
drop trigger notification_skips_deleted_account on data.notification;
drop function data.skip_deleted_recipient();
drop function api.delete_account(text);
commit;
