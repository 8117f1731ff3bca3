create table data.booking_slot (
  booking_id bigint not null references data.booking (id),
  slot_id bigint not null references data.slot (id),
  price_cents integer not null check (price_cents > 0),
  -- false once the booking is cancelled: a cancelled booking never blocks a slot.
  active boolean not null default true,
  primary key (booking_id, slot_id)
);
comment on table data.booking_slot is 'The slots of a booking; at most one active booking per slot';

-- Invariant 1: no slot is ever in two active bookings, whatever inserts the row.
create unique index booking_slot_one_active_per_slot on data.booking_slot (slot_id) where active;

alter table data.booking_slot enable row level security;

create policy player_reads_own_booking_slots on data.booking_slot
  for select to player using (
    exists (select from data.booking b where b.id = booking_id and b.player_id = data.current_user_id())
  );
create policy owner_reads_own_venue_booking_slots on data.booking_slot
  for select to owner using (
    exists (select from data.booking b where b.id = booking_id and data.owns_venue(b.venue_id))
  );
create policy admin_reads_all_booking_slots on data.booking_slot
  for select to admin using (true);
