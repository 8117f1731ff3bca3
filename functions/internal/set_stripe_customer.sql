create function internal.set_stripe_customer(user_id uuid, customer_id text)
returns void
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
begin
  if user_id is null or customer_id is null or customer_id !~ '^cus_' then
    perform data.api_error('invalid_input', 'user_id and a cus_ customer id are required', 400);
  end if;
  update data.app_user u set stripe_customer_id = customer_id where u.id = set_stripe_customer.user_id;
  if not found then
    perform data.api_error('not_found', 'No such user', 404);
  end if;
end
$$;
comment on function internal.set_stripe_customer(uuid, text) is 'Stores the Stripe Customer of a user';

grant execute on function internal.set_stripe_customer(uuid, text) to webhook_service;
