-- Walk-in and phone bookings: the venue's owner (staff with the bookings
-- permission, an admin) books slots for a named customer who needs no account.
-- Confirmed at once, paid at the venue: no Stripe, no commission. The slots are
-- taken exactly as a player's hold takes them (data.take_slots: one conditional
-- UPDATE, all or nothing, slot_unavailable with the ids), so a desk booking and
-- an app hold racing for one slot have one winner. A recurring series
-- (api.book_series) books each occurrence through the same data.desk_book.
create type api.owner_booking as (
  booking_id bigint,
  status text,
  payment_status text,
  amount_cents integer,
  currency text,
  slot_ids bigint[]
);
comment on type api.owner_booking is 'The answer of owner_book: the confirmed walk-in booking, paid at the venue';

-- The customer of a desk booking, checked: a name (required), an E.164 phone,
-- an email, a note; invalid_input naming the argument otherwise.
create function data.clean_customer(customer_name text, customer_phone text, customer_email text, note text,
  out name text, out phone text, out email text, out clean_note text)
language plpgsql immutable
set search_path = pg_catalog
as $$
begin
  name := data.clean_text(customer_name, 'customer_name', 200);
  phone := data.clean_text(customer_phone, 'customer_phone', 16, false);
  email := data.clean_text(customer_email, 'customer_email', 320, false);
  clean_note := data.clean_text(note, 'note', 500, false);
  if phone is not null and phone !~ '^\+[1-9][0-9]{6,14}$' then
    perform data.api_error('invalid_input', 'customer_phone must be an E.164 number such as +34600000000', 400);
  end if;
  if email is not null and email !~ '^[^@\s]+@[^@\s]+$' then
    perform data.api_error('invalid_input', 'customer_email must be an email address', 400);
  end if;
end
$$;
comment on function data.clean_customer(text, text, text, text) is 'The checked customer of a desk booking (name required, E.164 phone, email, note); invalid_input otherwise';

-- The desk booking itself: a confirmed, paid-at-the-venue booking of `ids`
-- (sorted, checked, of venue_id) for the customer, booked by `by_user`; the
-- slots taken by data.take_slots (slot_unavailable, all or nothing).
create function data.desk_book(venue_id bigint, currency text, ids bigint[], customer_name text, customer_phone text,
  customer_email text, note text, by_user uuid, series_id bigint,
  out booking_id bigint, out taken bigint[], out amount_cents bigint)
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  t record;
begin
  perform set_config('courtbook.change_reason',
    case when series_id is null then 'booked at the venue' else 'booked at the venue (series)' end, true);
  insert into data.booking (player_id, venue_id, status, amount_cents, currency, confirmed_at,
                            customer_name, customer_phone, customer_email, note, paid_at_venue, booked_by, series_id)
  values (null, desk_book.venue_id, 'confirmed',
          (select sum(s.price_cents) from data.slot s where s.id = any(ids)), desk_book.currency, now(),
          desk_book.customer_name, desk_book.customer_phone, desk_book.customer_email, desk_book.note, true, by_user,
          desk_book.series_id)
  returning id into booking_id;
  perform set_config('courtbook.change_reason', '', true);

  select * into t from data.take_slots(booking_id, ids, 'booked', null, null);
  taken := t.taken;
  amount_cents := t.taken_amount;
  update data.booking b set amount_cents = t.taken_amount
  where b.id = desk_book.booking_id and b.amount_cents <> t.taken_amount;
end
$$;
comment on function data.desk_book(bigint, text, bigint[], text, text, text, text, uuid, bigint) is
'A confirmed walk-in booking paid at the venue, its slots taken by data.take_slots (slot_unavailable, all or nothing); shared by owner_book and book_series';

create or replace function api.owner_book(slot_ids bigint[], customer_name text, customer_phone text default null,
                               customer_email text default null, note text default null)
returns api.owner_booking
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_staff();
  ids bigint[] := data.clean_slot_ids(slot_ids);
  c record := data.clean_customer(customer_name, customer_phone, customer_email, note);
  sel record;
  d record;
begin
  -- the desk books its own courts, published or not
  select * into sel from data.slot_selection(ids, published_only => false);
  perform data.venue_for_permission(sel.venue_id, 'bookings');
  select * into d from data.desk_book(sel.venue_id, sel.currency, ids, c.name, c.phone, c.email, c.clean_note, uid, null);
  return row(d.booking_id, 'confirmed', 'at_venue', d.amount_cents, sel.currency, d.taken)::api.owner_booking;
end
$$;
comment on function api.owner_book(bigint[], text, text, text, text) is
'A walk-in or phone booking for a named customer (no account): confirmed at once, paid at the venue (payment_status at_venue), no Stripe, no commission. All or nothing: slot_unavailable (409, the ids in details) when a slot is held, booked or blocked. Needs the bookings permission at the venue.';

grant execute on function api.owner_book(bigint[], text, text, text, text) to owner, admin;
