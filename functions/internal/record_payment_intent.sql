create function internal.record_payment_intent(
  booking_id bigint,
  payment_intent_id text,
  amount_cents integer,
  currency text,
  application_fee_cents integer,
  destination_account_id text,
  livemode boolean
) returns void
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
begin
  if booking_id is null or payment_intent_id is null or payment_intent_id !~ '^pi_'
     or amount_cents is null or amount_cents <= 0 or currency is null
     or upper(currency) !~ '^[A-Z]{3}$'
     or coalesce(application_fee_cents, 0) < 0 or coalesce(application_fee_cents, 0) > amount_cents then
    perform data.api_error('invalid_input', 'A PaymentIntent needs a booking, a pi_ id, an amount, a currency and a fee within the amount', 400);
  end if;
  if not exists (select from data.booking b where b.id = record_payment_intent.booking_id) then
    perform data.api_error('not_found', 'No such booking', 404);
  end if;
  insert into data.payment as p (booking_id, stripe_payment_intent_id, amount_cents, currency,
                                 application_fee_cents, destination_account_id, livemode)
  values (record_payment_intent.booking_id, payment_intent_id, amount_cents, upper(currency),
          coalesce(application_fee_cents, 0), destination_account_id, coalesce(livemode, false))
  on conflict (booking_id) do update
    set stripe_payment_intent_id = excluded.stripe_payment_intent_id,
        amount_cents = excluded.amount_cents,
        currency = excluded.currency,
        application_fee_cents = excluded.application_fee_cents,
        destination_account_id = excluded.destination_account_id,
        livemode = excluded.livemode,
        -- a replacement PaymentIntent starts over; the same one keeps its status
        status = case when p.stripe_payment_intent_id = excluded.stripe_payment_intent_id
                      then p.status else 'requires_payment' end,
        updated_at = now()
    -- Never replace a PaymentIntent that took (or is taking) the player's money.
    where p.stripe_payment_intent_id = excluded.stripe_payment_intent_id
       or p.status in ('requires_payment', 'failed', 'canceled');
  if not found then
    perform data.api_error('payment_exists',
      'This booking already has a PaymentIntent that is paid or processing', 409,
      (select p.stripe_payment_intent_id from data.payment p where p.booking_id = record_payment_intent.booking_id));
  end if;
end
$$;
comment on function internal.record_payment_intent(bigint, text, integer, text, integer, text, boolean) is
'Records (idempotently upserts) the PaymentIntent of a booking; a paid or processing one is never replaced (payment_exists 409, its id in details)';

grant execute on function internal.record_payment_intent(bigint, text, integer, text, integer, text, boolean)
  to webhook_service;
