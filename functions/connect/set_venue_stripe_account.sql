create function internal.set_venue_stripe_account(venue_id bigint, account_id text)
returns void
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  current_account text;
begin
  if venue_id is null or account_id is null or account_id !~ '^acct_' then
    perform data.api_error('invalid_input', 'A venue id and an acct_ id are required', 400);
  end if;
  select v.stripe_account_id into current_account
  from data.venue v where v.id = set_venue_stripe_account.venue_id
  for update;
  if not found then
    perform data.api_error('not_found', 'No such venue', 404);
  end if;
  if current_account = account_id then
    return;
  end if;
  if current_account is not null then
    perform data.api_error('account_exists', 'The venue already has another Stripe account', 409, current_account);
  end if;
  update data.venue v
     set stripe_account_id = account_id,
         stripe_charges_enabled = false,
         stripe_payouts_enabled = false,
         updated_at = now()
   where v.id = set_venue_stripe_account.venue_id;
end
$$;
comment on function internal.set_venue_stripe_account(bigint, text) is
'Connect onboarding: stores the venue''s Express account once (same id again: no-op; another id: account_exists 409)';

grant execute on function internal.set_venue_stripe_account(bigint, text) to webhook_service;
