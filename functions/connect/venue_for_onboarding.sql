-- POST /payments/connect/onboarding: the venue, checked against its caller.
-- caller_role 'admin' may onboard any venue (API.md: admin may do all an owner does).
create or replace function internal.venue_for_onboarding(
  venue_id bigint,
  owner_id uuid,
  caller_role text default 'owner'
) returns json
language plpgsql stable security definer
set search_path = pg_catalog, public
as $$
declare
  v data.venue;
  email text;
begin
  if venue_id is null or owner_id is null then
    perform data.api_error('invalid_input', 'venue_id is required', 400);
  end if;
  if coalesce(caller_role, '') not in ('owner', 'admin') then
    perform data.api_error('forbidden', 'Only the venue''s owner may set up its payouts', 403);
  end if;
  select * into v from data.venue x where x.id = venue_for_onboarding.venue_id;
  if v.id is null then
    perform data.api_error('not_found', 'No such venue', 404);
  end if;
  if v.owner_id <> venue_for_onboarding.owner_id and caller_role <> 'admin' then
    perform data.api_error('forbidden', 'This venue belongs to another owner', 403);
  end if;
  select u.email into email from data.app_user u where u.id = v.owner_id;
  return json_build_object(
    'venue_id', v.id,
    'name', v.name,
    'owner_id', v.owner_id,
    'owner_email', email,
    'currency', v.currency,
    'country', v.country,
    'stripe_account_id', v.stripe_account_id,
    'charges_enabled', v.stripe_charges_enabled,
    'payouts_enabled', v.stripe_payouts_enabled);
end
$$;
comment on function internal.venue_for_onboarding(bigint, uuid, text) is
'Connect onboarding: the venue (country and currency included) and its Stripe account for its owner (or an admin); invalid_input, not_found (404), forbidden (403)';

grant execute on function internal.venue_for_onboarding(bigint, uuid, text) to webhook_service;
