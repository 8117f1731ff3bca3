-- Which object an event is about, as courtbook matches it: the PaymentIntent for
-- payment_intent.* and charge.* events (data.payment is keyed by it), the account
-- for account.*, else the event object's id.
create function data.stripe_event_object_id(type text, payload jsonb) returns text
language sql immutable parallel safe
set search_path = pg_catalog
as $$
  select case
    when type like 'charge.%' then
      coalesce(payload #>> '{data,object,payment_intent}', payload #>> '{data,object,id}')
    else payload #>> '{data,object,id}'
  end
$$;
comment on function data.stripe_event_object_id(text, jsonb) is
'The object a Stripe event is about for courtbook: PaymentIntent for payment_intent.*/charge.*, account for account.*';

-- Stores a verified Stripe event by its id before anything acts on it: a
-- redelivery (or a concurrent second delivery) of the same event is the same row.
create function internal.store_stripe_event(
  event_id text,
  type text,
  livemode boolean,
  created_at timestamptz,
  object_id text,
  payload jsonb
) returns boolean
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  inserted boolean;
begin
  if event_id is null or event_id !~ '^evt_' or type is null or livemode is null
     or created_at is null or payload is null or jsonb_typeof(payload) <> 'object' then
    perform data.api_error('invalid_input', 'A Stripe event needs an evt_ id, a type, livemode, created and a payload object', 400);
  end if;
  insert into data.stripe_event (id, type, livemode, stripe_created_at, object_id, payload)
  values (event_id, store_stripe_event.type, store_stripe_event.livemode, store_stripe_event.created_at,
          coalesce(store_stripe_event.object_id, data.stripe_event_object_id(store_stripe_event.type, payload)),
          payload)
  on conflict (id) do nothing;
  get diagnostics inserted = row_count;
  return inserted;
end
$$;
comment on function internal.store_stripe_event(text, text, boolean, timestamptz, text, jsonb) is
'Webhook: stores a verified Stripe event by id (insert ... on conflict do nothing); true when it is new';

grant execute on function internal.store_stripe_event(text, text, boolean, timestamptz, text, jsonb)
  to webhook_service, worker_service;
