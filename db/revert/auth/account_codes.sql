-- Revert courtbook:auth/account_codes from pg

begin;
drop trigger notification_forgets_delivered_code on data.notification;
drop function data.forget_delivered_code();
drop function data.check_code_format(text);
drop function data.take_account_code(uuid, text, text, bytea);
drop function data.send_account_code(uuid, text, text, text);
drop function data.account_code_wait(uuid, text);
drop function data.new_account_code();
commit;
