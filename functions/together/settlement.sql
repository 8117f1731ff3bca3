-- The split-payment deadline (worker task settle_split) and the organizer's
-- balance. At starts_at - split_deadline_minutes:
--   1. internal.close_split closes the split under the booking lock: shares not
--      paid by then are covered (the organizer's card pays them), or an open
--      match with cancel_if_not_full that is not full is cancelled with full
--      refunds. It answers the live share PaymentIntents to cancel and, for a
--      cover, one data.share_payment row (key pi-cover-<booking>).
--   2. the worker cancels those PaymentIntents at Stripe and charges the
--      organizer's saved card off-session for the cover, once (the stored key).
--   3. a decline or authentication_required: internal.cover_failed opens the
--      organizer's balance (balance_due); POST /payments/balance lets them pay
--      it on-session with the same PaymentIntent; hold_slots refuses them
--      (outstanding_balance 402) until then.
-- A share PaymentIntent that succeeds after step 1 finds its share covered and
-- is refunded (internal.apply_share_event): never both kept.

create function internal.close_split(booking_id bigint) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  b data.booking := data.lock_booking(close_split.booking_id);
  s data.booking_split;
  m data.open_match;
  cover data.share_payment;
  v data.venue;
  u data.app_user;
  organizer_pi text;
  unpaid integer;
  fee integer := 0;
  total_fee integer := 0;
  dest text;
  to_cancel text[];
  refund integer;
begin
  select * into s from data.booking_split where booking_id = b.id for update;
  if s.booking_id is null then
    return json_build_object('action', 'none', 'reason', 'not split');
  end if;
  if s.pay_by > now() then
    return json_build_object('action', 'not_due', 'pay_by', s.pay_by);
  end if;
  select * into cover from data.share_payment where booking_id = b.id and kind = 'cover';
  select * into u from data.app_user where id = b.player_id;
  select p.stripe_payment_intent_id into organizer_pi from data.payment p where p.booking_id = b.id;
  if s.closed_at is not null then
    -- Run before: the cover still to be charged (a retry; the stored key makes it one charge), or done.
    if cover.id is not null and cover.stripe_payment_intent_id is null
       and not exists (select from data.balance x where x.share_payment_id = cover.id) then
      return data.cover_answer(cover, u, organizer_pi, '{}');
    end if;
    return json_build_object('action', 'done');
  end if;
  update data.booking_split set closed_at = now() where booking_id = b.id;
  if b.status <> 'confirmed' then
    -- Never paid by the organizer (the hold ends it) or cancelled already.
    return json_build_object('action', 'none', 'reason', 'booking ' || b.status);
  end if;

  -- PaymentIntents of shares that were not paid in time: cancelled by the worker.
  select coalesce(array_agg(p.stripe_payment_intent_id), '{}') into to_cancel
  from data.share_payment p
  where p.booking_id = b.id and p.kind = 'share' and p.status in ('requires_payment', 'processing')
    and p.stripe_payment_intent_id is not null;

  select * into m from data.open_match where booking_id = b.id;
  if m.cancel_if_not_full and exists (select from data.booking_share x where x.booking_id = b.id and x.status = 'open') then
    perform data.close_booking(b.id, 'open match not full at the deadline', null);
    update data.open_match set cancelled_at = now() where id = m.id;
    refund := data.queue_refund(b.id, b.amount_cents, 'open match not full at the deadline', null)
              + data.refund_split_shares(b.id, 10000, 'open match not full at the deadline', null);
    perform data.notify(x.player_id, 'match_cancelled', b.id,
      jsonb_build_object('booking_id', b.id, 'match_id', m.id, 'reason', 'not full at the deadline'))
    from data.booking_share x where x.booking_id = b.id and x.player_id is not null;
    perform data.notify(v2.owner_id, 'booking_cancelled', b.id,
      jsonb_build_object('booking_id', b.id, 'venue_id', b.venue_id, 'refund_cents', refund, 'by', 'match', 'reason',
                         'open match not full at the deadline'))
    from data.venue v2 where v2.id = b.venue_id;
    return json_build_object('action', 'cancelled', 'refund_cents', refund, 'cancel_intents', to_jsonb(to_cancel));
  end if;

  select coalesce(sum(x.amount_cents), 0)::integer into unpaid
  from data.booking_share x where x.booking_id = b.id and x.status in ('open', 'taken');
  if unpaid = 0 then
    return json_build_object('action', 'none', 'reason', 'every share paid', 'cancel_intents', to_jsonb(to_cancel));
  end if;
  select * into v from data.venue where id = b.venue_id;
  if v.stripe_account_id is not null and v.stripe_charges_enabled then
    dest := v.stripe_account_id;
    total_fee := data.fee_cents(b.amount_cents, data.effective_commission_bps(v.id))::integer;
    select coalesce(sum(data.share_fee_cents(b.id, x.number, total_fee)), 0)::integer into fee
    from data.booking_share x where x.booking_id = b.id and x.status in ('open', 'taken');
  end if;
  update data.booking_share x set status = 'covered'
  where x.booking_id = b.id and x.status in ('open', 'taken');
  insert into data.share_payment (booking_id, kind, player_id, idempotency_key, amount_cents, currency,
                                  application_fee_cents, destination_account_id)
  values (b.id, 'cover', b.player_id, 'pi-cover-' || b.id, unpaid, b.currency, fee, dest)
  returning * into cover;
  return data.cover_answer(cover, u, organizer_pi, to_cancel);
end
$$;
comment on function internal.close_split(bigint) is
'Worker (settle_split): at the deadline, closes a split booking once: {action: cover (the cover payment to charge off-session), cancelled (open match not full: full refunds), none, not_due, done; cancel_intents: share PaymentIntents to cancel}';
grant execute on function internal.close_split(bigint) to worker_service;

create function data.cover_answer(cover data.share_payment, organizer data.app_user, organizer_pi text, to_cancel text[])
returns json
language sql stable
set search_path = pg_catalog
as $$
  select json_build_object(
    'action', 'cover',
    'share_payment_id', cover.id,
    'booking_id', cover.booking_id,
    'player_id', cover.player_id,
    'stripe_customer_id', organizer.stripe_customer_id,
    'organizer_payment_intent_id', organizer_pi,
    'amount_cents', cover.amount_cents,
    'currency', cover.currency,
    'application_fee_cents', cover.application_fee_cents,
    'destination_account_id', cover.destination_account_id,
    'intent_idempotency_key', cover.idempotency_key,
    'cancel_intents', to_jsonb(to_cancel))
$$;
comment on function data.cover_answer(data.share_payment, data.app_user, text, text[]) is 'The cover action of internal.close_split';

-- The off-session charge could not be made (authentication_required, a
-- decline, no saved card): the organizer owes it.
create function internal.cover_failed(share_payment_id bigint, payment_intent_id text, reason text)
returns void
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  p data.share_payment;
begin
  select * into p from data.share_payment where id = cover_failed.share_payment_id and kind = 'cover';
  if p.id is null then
    perform data.api_error('not_found', 'No such cover payment', 404);
  end if;
  perform data.lock_booking(p.booking_id);
  if payment_intent_id is not null then
    perform internal.record_share_intent(p.id, payment_intent_id);
  end if;
  select * into p from data.share_payment where id = p.id for update;
  if p.status = 'succeeded' then
    return;
  end if;
  update data.share_payment set stripe_status = 'requires_payment_method',
         last_error = left(coalesce(reason, 'The payment failed'), 500), updated_at = now()
  where id = p.id;
  perform data.open_balance(p.id, left(reason, 500));
end
$$;
comment on function internal.cover_failed(bigint, text, text) is
  'Worker: the off-session cover charge failed (authentication_required, declined): the organizer''s balance is opened and they are told (balance_due)';
grant execute on function internal.cover_failed(bigint, text, text) to worker_service;

-- Splits whose deadline passed and that were never closed (a lost job): the worker's sweep.
create function internal.due_splits(batch_size integer default 100) returns setof bigint
language sql stable security definer
set search_path = pg_catalog, public
as $$
  select s.booking_id from data.booking_split s
  where s.pay_by <= now()
    and (s.closed_at is null
         or exists (select from data.share_payment p
                    where p.booking_id = s.booking_id and p.kind = 'cover' and p.stripe_payment_intent_id is null
                      and not exists (select from data.balance x where x.share_payment_id = p.id)))
  order by s.pay_by
  limit greatest(coalesce(batch_size, 100), 1)
$$;
comment on function internal.due_splits(integer) is 'Split bookings past their deadline not yet closed (or whose cover was never charged): for the worker''s sweep';
grant execute on function internal.due_splits(integer) to worker_service;

-- POST /payments/balance: the caller's open balance and its PaymentIntent, to
-- pay on-session (the app confirms the same PaymentIntent; 3-D Secure if asked).
create function internal.balance_context(player_id uuid, booking_id bigint default null) returns json
language plpgsql stable security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  bal data.balance;
  p data.share_payment;
  u data.app_user;
begin
  if player_id is null then
    perform data.api_error('invalid_input', 'player_id is required', 400);
  end if;
  select * into bal from data.balance x
  where x.player_id = balance_context.player_id and x.status = 'open'
    and (balance_context.booking_id is null or x.booking_id = balance_context.booking_id)
  order by x.created_at limit 1;
  if bal.id is null then
    perform data.api_error('not_found', 'No open balance', 404);
  end if;
  select * into p from data.share_payment where id = bal.share_payment_id;
  select * into u from data.app_user where id = bal.player_id;
  return json_build_object(
    'balance_id', bal.id, 'booking_id', bal.booking_id, 'amount_cents', bal.amount_cents,
    'currency', bal.currency, 'payment_intent_id', p.stripe_payment_intent_id,
    'stripe_customer_id', u.stripe_customer_id, 'player_email', u.email,
    -- No PaymentIntent yet (no saved card to charge): the service creates one with these.
    'share_payment_id', p.id, 'player_id', bal.player_id, 'venue_id', (select b.venue_id from data.booking b where b.id = bal.booking_id),
    'application_fee_cents', p.application_fee_cents, 'destination_account_id', p.destination_account_id,
    'kind', 'cover', 'intent_idempotency_key', p.idempotency_key);
end
$$;
comment on function internal.balance_context(uuid, bigint) is
  'POST /payments/balance: the player''s (oldest, or that booking''s) open balance and the PaymentIntent to pay it with; not_found 404 when none';
grant execute on function internal.balance_context(uuid, bigint) to webhook_service;

-- hold_slots refuses an organizer who owes a balance.
create function data.assert_no_outstanding_balance(player uuid) returns void
language plpgsql stable
set search_path = pg_catalog
as $$
declare
  owed bigint;
  cur text;
begin
  select sum(b.amount_cents), min(b.currency) into owed, cur
  from data.balance b where b.player_id = player and b.status = 'open';
  if owed is not null then
    perform data.api_error('outstanding_balance',
      'You owe ' || owed || ' ' || cur || ' for shares of a past booking: pay it first (POST /payments/balance)',
      402, owed::text || ' ' || cur);
  end if;
end
$$;
comment on function data.assert_no_outstanding_balance(uuid) is
  'outstanding_balance 402 (details: the amount and currency owed) while the player has an open balance';
