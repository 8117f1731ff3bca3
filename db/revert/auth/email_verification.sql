-- Revert courtbook:auth/email_verification from pg

begin;
drop function api.verify_email(text);
drop function api.request_email_verification();
commit;
