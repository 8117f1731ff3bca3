-- Paying shares (0.2): what POST /payments/intent needs for a player's share,
-- the Stripe events of share and cover PaymentIntents (called from
-- internal.apply_stripe_event), the organizer's share, cancellations, and the
-- worker's side of share refunds. Lock order: booking, then split, shares, payments.

-- POST /payments/intent for a player of a split booking who is not its
-- organizer: their share. Called by internal.payment_context.
create function internal.share_payment_context(booking_id bigint, player_id uuid)
returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  b data.booking := data.lock_booking(share_payment_context.booking_id);
  s data.booking_split;
  sh data.booking_share;
  p data.share_payment;
  v data.venue;
  u data.app_user;
  fee integer := 0;
  dest text;
  n integer;
begin
  select * into s from data.booking_split where booking_id = b.id for update;
  select * into sh from data.booking_share x
  where x.booking_id = b.id and x.player_id = share_payment_context.player_id for update;
  if s.booking_id is null or sh.id is null then
    perform data.api_error('forbidden', 'This booking belongs to another player', 403);
  end if;
  if b.status = 'pending' then
    perform data.api_error('booking_not_confirmed', 'The organizer pays their share first', 409);
  end if;
  perform data.assert_split_open(s, b);
  if sh.status = 'paid' then
    perform data.api_error('share_paid', 'Your share is paid', 409);
  end if;

  select * into v from data.venue where id = b.venue_id;
  select * into u from data.app_user where id = sh.player_id;
  if v.stripe_account_id is not null and v.stripe_charges_enabled then
    dest := v.stripe_account_id;
    fee := data.share_fee_cents(b.id, sh.number,
                                data.fee_cents(b.amount_cents, data.effective_commission_bps(v.id))::integer);
  end if;
  -- The share's live PaymentIntent (two taps, two devices: the same one), else a new one.
  select * into p from data.share_payment x
  where x.share_id = sh.id and x.status in ('requires_payment', 'processing');
  if p.id is null then
    select count(*) into n from data.share_payment x where x.share_id = sh.id;
    insert into data.share_payment (booking_id, kind, share_id, player_id, idempotency_key, amount_cents,
                                    currency, application_fee_cents, destination_account_id)
    values (b.id, 'share', sh.id, sh.player_id, format('pi-share-%s-%s', sh.id, n + 1), sh.amount_cents,
            b.currency, fee, dest)
    returning * into p;
  end if;
  return json_build_object(
    'kind', 'share',
    'booking_id', b.id,
    'share_id', sh.id,
    'share_number', sh.number,
    'share_payment_id', p.id,
    'player_id', sh.player_id,
    'player_email', u.email,
    'stripe_customer_id', u.stripe_customer_id,
    'venue_id', b.venue_id,
    'amount_cents', p.amount_cents,
    'currency', p.currency,
    'pay_by', s.pay_by,
    'destination_account_id', p.destination_account_id,
    'application_fee_cents', p.application_fee_cents,
    'payment_intent_id', p.stripe_payment_intent_id,
    'intent_idempotency_key', p.idempotency_key);
end
$$;
comment on function internal.share_payment_context(bigint, uuid) is
'What POST /payments/intent needs for the caller''s share of a split booking (kind share): the share''s live PaymentIntent or a new share_payment row with its key pi-share-<share>-<n>. forbidden without a share, booking_not_confirmed 409 before the organizer paid, share_closed 409 after the deadline, share_paid 409.';
grant execute on function internal.share_payment_context(bigint, uuid) to webhook_service;

-- The PaymentIntent Stripe created for a share_payment row (share or cover).
create function internal.record_share_intent(share_payment_id bigint, payment_intent_id text, livemode boolean default false)
returns void
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
begin
  if payment_intent_id is null or payment_intent_id !~ '^pi_' then
    perform data.api_error('invalid_input', 'A pi_ id is required', 400);
  end if;
  update data.share_payment p set stripe_payment_intent_id = record_share_intent.payment_intent_id,
         updated_at = now()
  where p.id = record_share_intent.share_payment_id
    and (p.stripe_payment_intent_id is null or p.stripe_payment_intent_id = record_share_intent.payment_intent_id);
  if not found then
    perform data.api_error('payment_exists', 'This share payment has another PaymentIntent', 409);
  end if;
end
$$;
comment on function internal.record_share_intent(bigint, text, boolean) is
  'Stores the PaymentIntent id of a share or cover payment (idempotent for the same id; payment_exists 409 for another)';
grant execute on function internal.record_share_intent(bigint, text, boolean) to webhook_service, worker_service;

-- Is this PaymentIntent a share's or a cover's? (apply_stripe_event dispatches on it.)
create function data.is_share_intent(payment_intent_id text) returns boolean
language sql stable
set search_path = pg_catalog
as $$
  select exists (select from data.share_payment p where p.stripe_payment_intent_id = payment_intent_id)
$$;
comment on function data.is_share_intent(text) is 'True when the PaymentIntent pays a share or covers unpaid shares (data.share_payment)';

-- The organizer's PaymentIntent (data.payment) succeeded and confirmed the
-- booking: share 1 is paid. Called by confirm_booking_from_payment.
create function data.organizer_share_paid(booking_id bigint) returns void
language sql volatile
set search_path = pg_catalog
as $$
  update data.booking_share s set status = 'paid', paid_at = coalesce(s.paid_at, now())
  where s.booking_id = organizer_share_paid.booking_id and s.number = 1 and s.status = 'taken'
$$;
comment on function data.organizer_share_paid(bigint) is 'Marks share 1 of a split booking paid (the organizer''s payment confirmed the booking)';

-- A Stripe event of a share or cover PaymentIntent, from apply_stripe_event (in
-- its transaction, under its event lock). Outcomes: share_paid, share_refunded
-- (succeeded when the share was no longer the payer's: covered, left, booking
-- cancelled, deadline passed), cover_succeeded, balance_paid, share_payment_failed,
-- share_requires_action, share_processing, balance_due, share_canceled,
-- share_refund_recorded, amount_mismatch, ignored_final, ignored_stale,
-- ignored_share_event.
create function internal.apply_share_event(event_type text, obj jsonb, event_created_at timestamptz)
returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  pi text := case when event_type like 'charge.%' then obj ->> 'payment_intent' else obj ->> 'id' end;
  p data.share_payment;
  b data.booking;
  s data.booking_split;
  sh data.booking_share;
  bal data.balance;
  received integer;
  refund jsonb;
  st text;
  why text;
begin
  select * into p from data.share_payment where stripe_payment_intent_id = pi;
  if p.id is null then
    return 'unknown_payment';
  end if;
  b := data.lock_booking(p.booking_id);
  select * into s from data.booking_split where booking_id = b.id for update;
  select * into p from data.share_payment where id = p.id for update;

  if event_type = 'payment_intent.succeeded' then
    if p.status = 'succeeded' then
      return 'ignored_final';
    end if;
    received := coalesce((obj ->> 'amount_received')::integer, (obj ->> 'amount')::integer);
    update data.share_payment set status = 'succeeded', amount_received_cents = received, stripe_status = 'succeeded',
           last_error = null, succeeded_at = now(), updated_at = now()
    where id = p.id;
    if received is distinct from p.amount_cents or upper(obj ->> 'currency') is distinct from p.currency::text then
      insert into data.reconciliation_case (kind, booking_id, stripe_payment_intent_id, detail)
      values ('amount_mismatch', b.id, pi, format('%s payment: received %s %s, expected %s %s', p.kind,
              received, upper(obj ->> 'currency'), p.amount_cents, p.currency))
      on conflict (kind, stripe_payment_intent_id, booking_id) do nothing;
      return 'amount_mismatch';
    end if;
    if p.kind = 'cover' then
      update data.balance set status = 'paid', paid_at = now() where share_payment_id = p.id and status = 'open'
      returning * into bal;
      perform data.notify(p.player_id, 'share_covered', b.id,
        jsonb_build_object('booking_id', b.id, 'amount_cents', received, 'currency', p.currency,
                           'shares', (select count(*) from data.booking_share x
                                      where x.booking_id = b.id and x.status = 'covered')));
      return case when bal.id is null then 'cover_succeeded' else 'balance_paid' end;
    end if;
    select * into sh from data.booking_share where id = p.share_id for update;
    if b.status = 'confirmed' and sh.player_id = p.player_id and sh.status = 'taken' and s.closed_at is null then
      -- Paid in time (Stripe's word is final; pay_by only stops new attempts).
      update data.booking_share set status = 'paid', paid_at = now() where id = sh.id;
      perform data.notify(b.player_id, 'share_paid', b.id,
        jsonb_build_object('booking_id', b.id, 'share_id', sh.id, 'amount_cents', received, 'currency', p.currency));
      return 'share_paid';
    end if;
    -- Not theirs to pay any more: covered by the organizer, left, cancelled.
    why := case when b.status = 'cancelled' then 'paid after the booking was cancelled'
                when sh.status = 'covered' then 'paid after the organizer covered the share'
                else 'paid after leaving the share' end;
    perform data.queue_share_refund(p.id, received, why, null);
    perform data.notify(p.player_id, 'share_refunded', b.id,
      jsonb_build_object('booking_id', b.id, 'share_id', sh.id, 'refund_cents', received,
                         'currency', p.currency, 'reason', why));
    return 'share_refunded';

  elsif event_type in ('payment_intent.payment_failed', 'payment_intent.requires_action', 'payment_intent.processing') then
    if p.status in ('succeeded', 'canceled') then
      return 'ignored_final';
    end if;
    if p.stripe_status_at is not null and event_created_at < p.stripe_status_at then
      return 'ignored_stale';
    end if;
    st := case event_type when 'payment_intent.payment_failed' then 'requires_payment_method'
                          else replace(event_type, 'payment_intent.', '') end;
    update data.share_payment set
      status = case when st = 'processing' then 'processing' else 'requires_payment' end::data.payment_status,
      stripe_status = st,
      last_error = case when st = 'requires_payment_method'
                        then left(coalesce(nullif(btrim(obj #>> '{last_payment_error,message}'), ''), 'The payment failed'), 500) end,
      stripe_status_at = coalesce(event_created_at, now()), updated_at = now()
    where id = p.id;
    if p.kind = 'cover' and st = 'requires_payment_method' then
      perform data.open_balance(p.id, left(obj #>> '{last_payment_error,message}', 500));
      return 'balance_due';
    end if;
    return case st when 'requires_payment_method' then 'share_payment_failed' else 'share_' || st end;

  elsif event_type = 'payment_intent.canceled' then
    if p.status in ('succeeded', 'canceled') then
      return 'ignored_final';
    end if;
    update data.share_payment set status = 'canceled', stripe_status = 'canceled', updated_at = now() where id = p.id;
    return 'share_canceled';

  elsif event_type = 'charge.refunded' then
    -- The refunds listed on the charge, else what amount_refunded says.
    if jsonb_typeof(obj #> '{refunds,data}') = 'array' then
      for refund in select * from jsonb_array_elements(obj #> '{refunds,data}') loop
        if refund ->> 'status' = 'succeeded' then
          update data.share_refund f set status = 'succeeded',
                 stripe_refund_id = coalesce(f.stripe_refund_id, refund ->> 'id'), last_error = null, updated_at = now()
          where f.share_payment_id = p.id and f.status <> 'succeeded'
            and (f.stripe_refund_id = refund ->> 'id' or f.stripe_refund_id is null);
        end if;
      end loop;
    elsif (obj ->> 'amount_refunded')::integer > 0 then
      update data.share_refund f set status = 'succeeded', last_error = null, updated_at = now()
      where f.share_payment_id = p.id and f.status <> 'succeeded';
    end if;
    return 'share_refund_recorded';

  elsif event_type = 'charge.refund.updated' then
    -- A refund of a share payment finishing (or failing) after Stripe answered pending.
    if obj ->> 'status' = 'succeeded' then
      update data.share_refund f set status = 'succeeded', last_error = null, updated_at = now()
      where f.share_payment_id = p.id and f.status = 'pending'
        and (f.stripe_refund_id = obj ->> 'id' or f.stripe_refund_id is null);
      return 'share_refund_recorded';
    elsif obj ->> 'status' in ('failed', 'canceled') then
      perform internal.mark_share_refund_failed(f.id, 'refund ' || (obj ->> 'id') || ' is ' || (obj ->> 'status')
                                                || coalesce(': ' || (obj ->> 'failure_reason'), ''), true)
      from data.share_refund f where f.share_payment_id = p.id and f.status = 'pending';
      return 'share_refund_failed';
    end if;
    return 'share_refund_pending';
  end if;
  -- Disputes of share charges are not recorded yet (docs/payments.md).
  return 'ignored_share_event';
end
$$;
comment on function internal.apply_share_event(text, jsonb, timestamptz) is
'Applies a Stripe event of a share or cover PaymentIntent (called by internal.apply_stripe_event): a share paid in time is paid, one paid after it was covered, left or cancelled is refunded at once; a cover that succeeds pays the balance; a declined cover opens one; refunds recorded.';
grant execute on function internal.apply_share_event(text, jsonb, timestamptz) to webhook_service, worker_service;

-- The organizer owes the cover's amount (a declined or authentication-requiring
-- off-session charge): one balance per booking, told once.
create function data.open_balance(share_payment_id bigint, reason text) returns void
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  p data.share_payment;
  bal_id bigint;
begin
  select * into p from data.share_payment where id = open_balance.share_payment_id;
  insert into data.balance (player_id, booking_id, share_payment_id, amount_cents, currency, reason)
  values (p.player_id, p.booking_id, p.id, p.amount_cents, p.currency, reason)
  on conflict (booking_id) do nothing
  returning id into bal_id;
  if bal_id is not null then
    perform data.notify(p.player_id, 'balance_due', p.booking_id,
      jsonb_build_object('balance_id', bal_id, 'booking_id', p.booking_id, 'amount_cents', p.amount_cents,
                         'currency', p.currency, 'reason', reason));
  end if;
end
$$;
comment on function data.open_balance(bigint, text) is 'Opens the organizer''s balance for a failed cover payment (once per booking) and tells them (balance_due)';

-- A cancelled split booking: every share payment kept so far (the players'
-- shares and the organizer's cover) refunded, bps of 10000 = in full, as the
-- organizer's own payment is by data.queue_refund; a part (a cancellation
-- policy's tier, cancel_booking) rounded half up to the cent, as the organizer's.
-- Paid shares become refunded.
-- Returns the amount recorded. The caller has locked the booking.
create function data.refund_split_shares(booking_id bigint, bps integer, reason text, actor uuid default null)
returns integer
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  total integer := 0;
begin
  if not exists (select from data.booking_split s where s.booking_id = refund_split_shares.booking_id) then
    return 0;
  end if;
  select coalesce(sum(data.queue_share_refund(p.id,
           ((coalesce(p.amount_received_cents, p.amount_cents)::bigint * bps + 5000) / 10000)::integer, reason, actor)), 0)
    into total
  from data.share_payment p
  where p.booking_id = refund_split_shares.booking_id and p.status = 'succeeded';
  update data.booking_share s set status = 'refunded'
  where s.booking_id = refund_split_shares.booking_id and s.status in ('paid', 'covered') and bps > 0;
  return total;
end
$$;
comment on function data.refund_split_shares(bigint, integer, text, uuid) is
  'Refunds (bps/10000 of, rounded half up) every kept share and cover payment of a cancelled split booking; returns the amount recorded';

-- A split booking cancelled because its organizer's account is deleted
-- (api.delete_account, after cancel_booking's path refunded the organizer per
-- the policy): the other players did nothing, so every share one of them paid
-- is refunded in full, inside the cancellation window too (delete_account
-- calls it before the cancel path, which then does not refund them twice and
-- tells every other player holding a share, their refund included:
-- data.tell_share_holders_cancelled). The organizer's own share and cover
-- payments stay with the policy's answer. The caller has locked the booking.
-- Returns the amount recorded here.
create function data.refund_split_players(b data.booking, reason text, actor uuid default null)
returns integer
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  total integer := 0;
begin
  if not exists (select from data.booking_split s where s.booking_id = b.id) then
    return 0;
  end if;
  select coalesce(sum(data.queue_share_refund(p.id, coalesce(p.amount_received_cents, p.amount_cents), reason, actor)), 0)
    into total
  from data.share_payment p
  where p.booking_id = b.id and p.kind = 'share' and p.status = 'succeeded'
    and p.player_id is distinct from b.player_id;
  update data.booking_share x set status = 'refunded'
  where x.booking_id = b.id and x.number > 1 and x.status = 'paid'
    and exists (select from data.share_payment p join data.share_refund r on r.share_payment_id = p.id
                where p.share_id = x.id and p.player_id = x.player_id);
  return total;
end
$$;
comment on function data.refund_split_players(data.booking, text, uuid) is
  'A split booking cancelled because its organizer''s account went: every share the other players paid refunded in full (once), their shares refunded (delete_account calls it before the cancel path, which tells them); returns the amount recorded';

-- A split booking was cancelled (cancel_booking_as: by its organizer, its venue,
-- the organizer's account deletion): every other player holding a share is told
-- (booking_cancelled, by organizer or venue, refund_cents: what their own share
-- payments have had refunded for it, 0 when nothing). Their game is gone: a
-- player who only took a share hears of it here and nowhere else.
create function data.tell_share_holders_cancelled(b data.booking, cancelled_by text, reason text) returns void
language plpgsql volatile
set search_path = pg_catalog
as $$
begin
  perform data.notify(x.player_id, 'booking_cancelled', b.id,
    jsonb_build_object('booking_id', b.id, 'venue_id', b.venue_id, 'by', cancelled_by, 'reason', reason,
                       'refund_cents', (select coalesce(sum(r.amount_cents), 0)::integer
                                        from data.share_payment p join data.share_refund r on r.share_payment_id = p.id
                                        where p.booking_id = b.id and p.player_id = x.player_id)))
  from data.booking_share x
  where x.booking_id = b.id and x.player_id is not null and x.player_id is distinct from b.player_id;
end
$$;
comment on function data.tell_share_holders_cancelled(data.booking, text, text) is
  'Tells every other player holding a share of a cancelled split booking (booking_cancelled, by organizer or venue, with the refund of their own share payments)';

-- What the organizer of a booking has had refunded: the booking's own payment
-- (data.refund) and, for a split booking, their cover payment. delete_account
-- answers the difference its cancellations make (the account's own money).
create function data.organizer_refunded_cents(booking_id bigint) returns integer
language sql stable
set search_path = pg_catalog
as $$
  select (coalesce((select sum(r.amount_cents) from data.refund r where r.booking_id = organizer_refunded_cents.booking_id), 0)
        + coalesce((select sum(r.amount_cents) from data.share_payment p
                    join data.share_refund r on r.share_payment_id = p.id
                    join data.booking bk on bk.id = p.booking_id
                    where p.booking_id = organizer_refunded_cents.booking_id and p.player_id = bk.player_id), 0))::integer
$$;
comment on function data.organizer_refunded_cents(bigint) is
  'The refunds recorded to a booking''s organizer (its payment and their cover payments of a split booking), in minor units';

-- Share refunds in the worker (refund_share_payment), as internal.refund_to_issue
-- and its siblings do for data.refund.
create function internal.share_refund_to_issue(refund_id bigint) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  result json;
begin
  update data.share_refund r set attempts = r.attempts + 1, updated_at = now()
    from data.share_payment p
   where r.id = share_refund_to_issue.refund_id and r.status = 'pending' and p.id = r.share_payment_id
  returning json_build_object(
    'refund_id', r.id, 'booking_id', r.booking_id, 'payment_intent_id', p.stripe_payment_intent_id,
    'amount_cents', r.amount_cents, 'currency', r.currency, 'reason', r.reason,
    'idempotency_key', r.idempotency_key, 'destination_account_id', p.destination_account_id,
    'attempts', r.attempts)
  into result;
  return result;
end
$$;
comment on function internal.share_refund_to_issue(bigint) is
  'Worker: counts an attempt of a pending share refund and returns what the Stripe call needs; null when not pending';

create function internal.mark_share_refund_succeeded(refund_id bigint, stripe_refund_id text) returns boolean
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  r data.share_refund;
  payer uuid;
begin
  update data.share_refund f
     set status = 'succeeded', stripe_refund_id = coalesce(mark_share_refund_succeeded.stripe_refund_id, f.stripe_refund_id),
         last_error = null, updated_at = now()
   where f.id = mark_share_refund_succeeded.refund_id and f.status <> 'succeeded'
  returning f.* into r;
  if not found then
    return false;
  end if;
  select p.player_id into payer from data.share_payment p where p.id = r.share_payment_id;
  perform data.notify(payer, 'refund_issued', r.booking_id,
    jsonb_build_object('share_refund_id', r.id, 'amount_cents', r.amount_cents, 'currency', r.currency));
  return true;
end
$$;
comment on function internal.mark_share_refund_succeeded(bigint, text) is
  'Worker: Stripe accepted the share refund: succeeded, the payer told once; false when already succeeded';

create function internal.mark_share_refund_failed(refund_id bigint, error text, final boolean) returns boolean
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  r data.share_refund;
  pi text;
begin
  update data.share_refund f
     set status = case when final then 'failed'::data.refund_status else f.status end,
         last_error = left(error, 2000), updated_at = now()
   where f.id = mark_share_refund_failed.refund_id and f.status = 'pending'
  returning f.* into r;
  if not found then
    return false;
  end if;
  if final then
    select p.stripe_payment_intent_id into pi from data.share_payment p where p.id = r.share_payment_id;
    insert into data.reconciliation_case (kind, booking_id, stripe_payment_intent_id, detail)
    values ('paid_not_booked', r.booking_id, pi,
            format('share refund %s of %s %s failed for good: %s', r.id, r.amount_cents, r.currency, left(error, 500)))
    on conflict (kind, stripe_payment_intent_id, booking_id) do nothing;
  end if;
  return true;
end
$$;
comment on function internal.mark_share_refund_failed(bigint, text, boolean) is
  'Worker: records a share refund attempt''s error; final = failed and a reconciliation case for a human';

-- Stripe answered the refund pending (or requires_action): its id kept, still
-- pending; charge.refund.updated finishes it (internal.apply_share_event).
create function internal.share_refund_submitted(refund_id bigint, stripe_refund_id text, stripe_status text)
returns boolean
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
begin
  update data.share_refund f
     set stripe_refund_id = coalesce(share_refund_submitted.stripe_refund_id, f.stripe_refund_id),
         last_error = 'at Stripe: ' || coalesce(stripe_status, 'pending'), updated_at = now()
   where f.id = share_refund_submitted.refund_id and f.status = 'pending';
  return found;
end
$$;
comment on function internal.share_refund_submitted(bigint, text, text) is
  'Worker: Stripe accepted a share refund that is not final yet: its id kept, still pending';

-- Stripe answered the refund failed or canceled: a share payment has one refund
-- row, so it is not retried here; a human gets a reconciliation case.
create function internal.share_refund_failed_at_stripe(refund_id bigint, stripe_status text, reason text)
returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
begin
  if internal.mark_share_refund_failed(refund_id, coalesce(reason, 'failed at Stripe: ' || stripe_status), true) then
    return 'reconciliation_case';
  end if;
  return 'already_failed';
end
$$;
comment on function internal.share_refund_failed_at_stripe(bigint, text, text) is
  'Worker: Stripe failed or canceled a share refund: failed, and a reconciliation case (the money is still owed)';

grant execute on function internal.share_refund_submitted(bigint, text, text) to worker_service;
grant execute on function internal.share_refund_failed_at_stripe(bigint, text, text) to worker_service;
grant execute on function internal.share_refund_to_issue(bigint) to worker_service;
grant execute on function internal.mark_share_refund_succeeded(bigint, text) to worker_service;
grant execute on function internal.mark_share_refund_failed(bigint, text, boolean) to worker_service;

create function internal.defer_share_refund_job() returns trigger
language plpgsql volatile security definer
set search_path = procrastinate, pg_catalog
as $$
begin
  perform internal.defer_job('refunds', 'refund_share_payment', 'share_refund:' || new.id,
                             jsonb_build_object('refund_id', new.id));
  return null;
end
$$;
comment on function internal.defer_share_refund_job() is
  'Trigger: a pending data.share_refund row gets its refund_share_payment job in the same transaction';

create trigger share_refund_defer_job
  after insert on data.share_refund
  for each row when (new.status = 'pending')
  execute function internal.defer_share_refund_job();
