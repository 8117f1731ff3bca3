-- The only way a booking becomes confirmed (DESIGN.md invariant 4): a verified
-- payment_intent.succeeded applied by the webhook service. Idempotent.
create or replace function internal.confirm_booking_from_payment(
  payment_intent_id text,
  amount_received_cents integer,
  currency text
) returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  p data.payment;
  b data.booking;
  owner uuid;
  taken integer;
  refund integer;
  expected integer;
begin
  select * into p from data.payment where stripe_payment_intent_id = payment_intent_id;
  if p.id is null then
    return 'unknown_payment';
  end if;
  -- booking → payment → slots: the same order as every other writer.
  select * into b from data.booking where id = p.booking_id for update;
  select * into p from data.payment where id = p.id for update;
  select v.owner_id into owner from data.venue v where v.id = b.venue_id;

  update data.payment set status = 'succeeded', amount_received_cents = confirm_booking_from_payment.amount_received_cents,
         succeeded_at = coalesce(succeeded_at, now()), updated_at = now()
  where id = p.id;

  -- confirmed now, or confirmed once and cancelled since (its refund was decided then)
  if b.status = 'confirmed' or b.confirmed_at is not null then
    return 'already_confirmed';
  end if;

  -- A split booking's own PaymentIntent is the organizer's share 1.
  expected := coalesce((select x.amount_cents from data.booking_share x where x.booking_id = b.id and x.number = 1),
                       b.amount_cents);
  if amount_received_cents is distinct from expected
     or upper(currency) is distinct from b.currency::text then
    insert into data.reconciliation_case (kind, booking_id, stripe_payment_intent_id, detail)
    values ('amount_mismatch', b.id, payment_intent_id,
            format('received %s %s, booking is %s %s', amount_received_cents, upper(currency),
                   expected, b.currency))
    on conflict (kind, stripe_payment_intent_id, booking_id) do nothing;
    return 'amount_mismatch';
  end if;

  if b.status = 'pending' then
    -- A lapsed hold is confirmed only while every slot is ours and none has started.
    taken := data.lock_booking_slots(b.id, count_started => b.held_until < now());

    if taken = 0 then
      -- Still ours (even when the hold lapsed, if not started): confirm.
      update data.slot s set status = 'booked', held_until = null, held_by = null
      from data.booking_slot bs
      where bs.booking_id = b.id and bs.active and bs.slot_id = s.id;
      perform set_config('courtbook.change_reason', 'payment succeeded', true);
      update data.booking set status = 'confirmed', confirmed_at = now() where id = b.id;
      perform set_config('courtbook.change_reason', '', true);
      perform data.organizer_share_paid(b.id);
      perform data.notify(b.player_id, 'booking_confirmed', b.id,
        jsonb_build_object('booking_id', b.id, 'venue_id', b.venue_id, 'amount_cents', b.amount_cents,
                           'currency', b.currency));
      perform data.notify(owner, 'booking_confirmed', b.id,
        jsonb_build_object('booking_id', b.id, 'venue_id', b.venue_id, 'amount_cents', b.amount_cents,
                           'currency', b.currency));
      return 'confirmed';
    end if;
    -- A slot went to someone else, or it started while the hold had lapsed: cancel and refund.
    perform data.close_booking(b.id, 'paid after the hold lapsed; slot taken or started', null);
  end if;

  -- Paid but not bookable (cancelled, or just cancelled above): refund once.
  if exists (select from data.refund r where r.payment_id = p.id and r.status <> 'failed') then
    return 'refund_queued';
  end if;
  refund := data.queue_refund(b.id, amount_received_cents, 'paid but the booking is not available', null);
  perform data.notify(b.player_id, 'payment_refunded_slot_taken', b.id,
    jsonb_build_object('booking_id', b.id, 'venue_id', b.venue_id, 'refund_cents', refund,
                       'currency', b.currency));
  perform data.notify(owner, 'payment_refunded_slot_taken', b.id,
    jsonb_build_object('booking_id', b.id, 'venue_id', b.venue_id, 'refund_cents', refund,
                       'currency', b.currency));
  return 'refund_queued';
end
$$;
comment on function internal.confirm_booking_from_payment(text, integer, text) is
'Applies a succeeded PaymentIntent: confirmed / already_confirmed / refund_queued (slot taken, a lapsed hold''s slot started, or booking cancelled) / amount_mismatch (reconciliation case) / unknown_payment. Idempotent.';

grant execute on function internal.confirm_booking_from_payment(text, integer, text) to webhook_service, worker_service;
