-- A deleted account's Stripe customer is deleted at Stripe too (issue 15,
-- "Stripe customer detached"): api.delete_account erases the link
-- (app_user.stripe_customer_id) in its transaction, and this trigger defers the
-- worker's delete_stripe_customer job in that same transaction, so the saved
-- cards and the email Stripe keeps for that customer go with the account.
-- Deleting a customer at Stripe leaves its charges and refunds in place
-- (https://docs.stripe.com/api/customers/delete): a refund of the account's
-- cancelled bookings still reaches the card.
create function internal.defer_delete_stripe_customer_job() returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
begin
  perform internal.defer_job('payments', 'delete_stripe_customer', 'customer:' || old.stripe_customer_id,
                             jsonb_build_object('customer_id', old.stripe_customer_id));
  return null;
end
$$;
comment on function internal.defer_delete_stripe_customer_job() is
  'Trigger: an account deleted (deleted_at set) that had a Stripe customer gets a delete_stripe_customer job in the same transaction';

create trigger account_deleted_deletes_stripe_customer
  after update of deleted_at on data.app_user
  for each row when (old.deleted_at is null and new.deleted_at is not null and old.stripe_customer_id is not null)
  execute function internal.defer_delete_stripe_customer_job();
