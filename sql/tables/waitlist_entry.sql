-- Waitlist entries (issue 21): a player waiting for a slot of a venue (or of one
-- court) inside a window of at most 24 hours, optionally of one sport. When a
-- matching slot becomes free, the first waiting entry (created_at, id) gets an
-- exclusive offer: the slot held for that player as a pending booking
-- (functions/waitlist/offers.sql). Life cycle:
--   waiting → offered (offer_booking_id, offer_until) → booked (paid) | expired (lapsed or passed)
--   waiting | offered → left (leave_waitlist)
create table data.waitlist_entry (
  id bigint generated always as identity primary key,
  player_id uuid not null references data.app_user (id),
  venue_id bigint not null references data.venue (id),
  court_id bigint references data.court (id),
  sport data.sport,
  from_at timestamptz not null,
  to_at timestamptz not null,
  created_at timestamptz not null default now(),
  status text not null default 'waiting'
    check (status in ('waiting', 'offered', 'booked', 'expired', 'left')),
  offer_booking_id bigint references data.booking (id),
  offer_slot_id bigint references data.slot (id),
  offered_at timestamptz,
  offer_until timestamptz,
  closed_at timestamptz,
  check (from_at < to_at and to_at - from_at <= interval '24 hours'),
  check (from_at > '-infinity' and to_at < 'infinity'),
  check (status not in ('offered', 'booked') or offer_booking_id is not null),
  check ((offer_booking_id is null) = (offer_slot_id is null))
);
comment on table data.waitlist_entry is 'A player waiting for a free slot of a venue or court in a window (at most 24 h); the first waiting entry gets each freed slot as an exclusive offer (a pending booking)';
comment on column data.waitlist_entry.venue_id is 'The venue (also set for a court entry: the court''s venue)';
comment on column data.waitlist_entry.court_id is 'Only this court; null = any court of the venue (of sport, when set)';
comment on column data.waitlist_entry.sport is 'Only courts of this sport; null = any';
comment on column data.waitlist_entry.from_at is 'The window: a slot matches when it starts at or after from_at ...';
comment on column data.waitlist_entry.to_at is '... and ends at or before to_at';
comment on column data.waitlist_entry.status is 'waiting (in line), offered (a slot is held for the player), booked (the offer was paid), expired (the offer lapsed or was released), left (leave_waitlist)';
comment on column data.waitlist_entry.offer_booking_id is 'The pending booking of the offer (held for the player, paid as usual)';
comment on column data.waitlist_entry.offer_slot_id is 'The slot offered';
comment on column data.waitlist_entry.offer_until is 'The offer''s deadline: the booking''s held_until';
comment on column data.waitlist_entry.closed_at is 'When the entry became booked, expired or left';

-- The line of a venue: waiting entries by window start (a window is at most 24 h,
-- so a slot's candidates are one bounded range scan).
create index waitlist_entry_waiting_idx on data.waitlist_entry (venue_id, from_at) where status = 'waiting';
-- One offer per booking; the booking's status changes find their entry.
create unique index waitlist_entry_offer_booking_idx on data.waitlist_entry (offer_booking_id)
  where offer_booking_id is not null;
-- A player's open entries (the 20-entry quota, GET /waitlist).
create index waitlist_entry_player_idx on data.waitlist_entry (player_id, created_at desc);

alter table data.waitlist_entry enable row level security;
-- Beside the table (not in sql/policies.sql and sql/privileges.sql, which deploy
-- before this change): a player reads their own entries; writes go through
-- api.join_waitlist / api.leave_waitlist and the offer helpers only.
create policy player_reads_own_waitlist_entries on data.waitlist_entry
  for select to player, owner, admin using (player_id = (select data.current_user_id()));
grant select on data.waitlist_entry to player, owner, admin;
