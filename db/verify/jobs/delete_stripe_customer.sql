-- Verify courtbook:jobs/delete_stripe_customer on pg

begin;
select 1/count(*) from pg_trigger
where tgname = 'account_deleted_deletes_stripe_customer' and tgrelid = 'data.app_user'::regclass;
rollback;
