-- Walk-in and phone bookings: the venue's owner (staff with the bookings
-- permission, an admin) books slots for a named customer who needs no account.
-- Confirmed at once, paid at the venue: no Stripe, no commission. The slots are
-- taken exactly as a player's hold takes them (data.take_slots: one conditional
-- UPDATE, all or nothing, slot_unavailable with the ids), so a desk booking and
-- an app hold racing for one slot have one winner.
create type api.owner_booking as (
  booking_id bigint,
  status text,
  payment_status text,
  amount_cents integer,
  currency text,
  slot_ids bigint[]
);
comment on type api.owner_booking is 'The answer of owner_book: the confirmed walk-in booking, paid at the venue';

create function api.owner_book(slot_ids bigint[], customer_name text, customer_phone text default null,
                               customer_email text default null, note text default null)
returns api.owner_booking
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_staff();
  ids bigint[] := data.clean_slot_ids(slot_ids);
  v_name text := data.clean_text(customer_name, 'customer_name', 200);
  v_phone text := data.clean_text(customer_phone, 'customer_phone', 16, false);
  v_email text := data.clean_text(customer_email, 'customer_email', 320, false);
  v_note text := data.clean_text(note, 'note', 500, false);
  sel record;
  v_booking_id bigint;
  t record;
begin
  if v_phone is not null and v_phone !~ '^\+[1-9][0-9]{6,14}$' then
    perform data.api_error('invalid_input', 'customer_phone must be an E.164 number such as +34600000000', 400);
  end if;
  if v_email is not null and v_email !~ '^[^@\s]+@[^@\s]+$' then
    perform data.api_error('invalid_input', 'customer_email must be an email address', 400);
  end if;
  select * into sel from data.slot_selection(ids);
  perform data.venue_for_permission(sel.venue_id, 'bookings');

  perform set_config('courtbook.change_reason', 'booked at the venue', true);
  insert into data.booking (player_id, venue_id, status, amount_cents, currency, confirmed_at,
                            customer_name, customer_phone, customer_email, note, paid_at_venue, booked_by)
  values (null, sel.venue_id, 'confirmed', sel.amount_cents, sel.currency, now(),
          v_name, v_phone, v_email, v_note, true, uid)
  returning id into v_booking_id;
  perform set_config('courtbook.change_reason', '', true);

  select * into t from data.take_slots(v_booking_id, ids, 'booked', null, null);
  if t.taken_amount <> sel.amount_cents then
    update data.booking b set amount_cents = t.taken_amount where b.id = v_booking_id;
  end if;
  return row(v_booking_id, 'confirmed', 'at_venue', t.taken_amount, sel.currency, t.taken)::api.owner_booking;
end
$$;
comment on function api.owner_book(bigint[], text, text, text, text) is
'A walk-in or phone booking for a named customer (no account): confirmed at once, paid at the venue (payment_status at_venue), no Stripe, no commission. All or nothing: slot_unavailable (409, the ids in details) when a slot is held, booked or blocked. Needs the bookings permission at the venue.';

grant execute on function api.owner_book(bigint[], text, text, text, text) to owner, admin;
