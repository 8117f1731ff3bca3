create function internal.update_stripe_account_status(
  account_id text,
  charges_enabled boolean,
  payouts_enabled boolean
) returns boolean
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
begin
  update data.venue v
     set stripe_charges_enabled = coalesce(update_stripe_account_status.charges_enabled, false),
         stripe_payouts_enabled = coalesce(update_stripe_account_status.payouts_enabled, false),
         updated_at = now()
   where v.stripe_account_id = update_stripe_account_status.account_id;
  return found;
end
$$;
comment on function internal.update_stripe_account_status(text, boolean, boolean) is
'account.updated: keeps charges_enabled/payouts_enabled of the venue with this connected account; false when no venue has it';

grant execute on function internal.update_stripe_account_status(text, boolean, boolean)
  to webhook_service, worker_service;
