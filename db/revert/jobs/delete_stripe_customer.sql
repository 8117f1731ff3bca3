-- Revert courtbook:jobs/delete_stripe_customer from pg

begin;
drop trigger account_deleted_deletes_stripe_customer on data.app_user;
drop function internal.defer_delete_stripe_customer_job();
commit;
