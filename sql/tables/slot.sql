create table data.slot (
  id bigint generated always as identity primary key,
  court_id bigint not null references data.court (id),
  start_at timestamptz not null,
  end_at timestamptz not null,
  price_cents integer not null check (price_cents > 0),
  status data.slot_status not null default 'available',
  held_until timestamptz,
  held_by uuid references data.app_user (id),
  blocked_reason text check (length(blocked_reason) <= 500),
  created_at timestamptz not null default now(),
  check (end_at > start_at),
  -- A held slot says until when and by whom; nothing else carries a hold.
  check ((status = 'held') = (held_until is not null and held_by is not null)),
  check (status = 'held' or (held_until is null and held_by is null)),
  -- Invariant 2: no two slots of one court overlap.
  constraint slot_no_overlap exclude using gist (court_id with =, tstzrange(start_at, end_at) with &&)
)
-- Holds, blocks, confirmations and cancellations only change status, held_until,
-- held_by and blocked_reason, none of them indexed: with free room on the page
-- those updates are HOT (no index entry, no exclusion re-check in the GiST index),
-- which is what keeps a hold close to a plain single-row UPDATE under contention.
with (fillfactor = 90);
comment on table data.slot is 'A pre-generated bookable time slot of a court: available, held (until held_until), booked or blocked';

-- available_slots and generate_slots: by court and time. Deliberately without
-- INCLUDE (status, held_until, ...): an indexed status would make every hold a
-- non-HOT update; available_slots reads a handful of heap rows per court anyway.
create index slot_court_start_idx on data.slot (court_id, start_at);

alter table data.slot enable row level security;

create policy everyone_reads_slots on data.slot
  for select to anon, player, owner, admin using (true);
