-- For POST /payments/intent: everything the webhook service needs to create (or
-- find again) the booking's PaymentIntent. A lapsed hold whose slots are still
-- free is held again for the platform's hold minutes, unless a slot has started.
create or replace function internal.payment_context(booking_id bigint, player_id uuid)
returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  b data.booking;
  v data.venue;
  u data.app_user;
  v_until timestamptz;
  gone integer;
  fee integer := 0;
  dest text;
  share1_cents integer;  -- a split booking's share 1 (the organizer's)
begin
  if booking_id is null or player_id is null then
    perform data.api_error('invalid_input', 'booking_id and player_id are required', 400);
  end if;
  select * into b from data.booking where id = payment_context.booking_id for update;
  if b.id is null then
    perform data.api_error('not_found', 'No such booking', 404);
  end if;
  if b.player_id <> payment_context.player_id then
    -- A player of a split booking pays their own share (functions/together/).
    if exists (select from data.booking_share x
               where x.booking_id = b.id and x.player_id = payment_context.player_id) then
      return internal.share_payment_context(b.id, payment_context.player_id);
    end if;
    perform data.api_error('forbidden', 'This booking belongs to another player', 403);
  end if;
  if b.status <> 'pending' then
    perform data.api_error('booking_not_pending', 'The booking is ' || b.status, 409);
  end if;

  if b.held_until < now() then
    -- Held again only when every slot is still ours and none has started (issue 16).
    gone := data.lock_booking_slots(b.id, count_started => true);
    if gone > 0 then
      perform data.api_error('hold_expired', 'The hold lapsed and a slot went to someone else or has started', 410);
    end if;
    v_until := now() + make_interval(mins => data.hold_minutes());
    update data.slot s set status = 'held', held_until = v_until, held_by = b.player_id
    from data.booking_slot bs
    where bs.booking_id = b.id and bs.slot_id = s.id;
    update data.booking set held_until = v_until where id = b.id;
    b.held_until := v_until;
  end if;

  select * into v from data.venue where id = b.venue_id;
  select * into u from data.app_user where id = b.player_id;
  if v.stripe_account_id is not null and v.stripe_charges_enabled then
    dest := v.stripe_account_id;
    fee := data.fee_cents(b.amount_cents, data.effective_commission_bps(v.id));
  end if;
  -- A split booking: the organizer pays share 1 (its part of the fee) and saves
  -- the card for the deadline's off-session charge of unpaid shares.
  select x.amount_cents into share1_cents from data.booking_share x where x.booking_id = b.id and x.number = 1;
  if share1_cents is not null then
    fee := data.share_fee_cents(b.id, 1, fee);
  end if;

  return (jsonb_build_object(
    'booking_id', b.id,
    'player_id', b.player_id,
    'player_email', u.email,
    'stripe_customer_id', u.stripe_customer_id,
    'venue_id', b.venue_id,
    'amount_cents', coalesce(share1_cents, b.amount_cents),
    'currency', b.currency,
    'held_until', b.held_until,
    'destination_account_id', dest,
    'application_fee_cents', fee,
    'payment_intent_id', (select p.stripe_payment_intent_id from data.payment p where p.booking_id = b.id),
    -- What the caller pays for and under which key its PaymentIntent is created.
    'intent_idempotency_key', 'pi-booking-' || b.id)
    -- The organizer of a split booking saves the card (functions/together/).
    || case when share1_cents is not null
            then jsonb_build_object('kind', 'organizer_share', 'setup_future_usage', 'off_session')
            else '{}' end)::json;
end
$$;
comment on function internal.payment_context(bigint, uuid) is
'What POST /payments/intent needs for a pending booking of the player (a split booking: the organizer''s share 1 with setup_future_usage off_session; another player of it: internal.share_payment_context): amount, currency, Connect destination and fee, the existing PaymentIntent. not_found, forbidden, booking_not_pending (409), hold_expired (410); re-holds a lapsed hold whose slots are free and not started (else hold_expired); intent_idempotency_key is the key its PaymentIntent is created with.';

grant execute on function internal.payment_context(bigint, uuid) to webhook_service;
