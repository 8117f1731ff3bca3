-- Split payment (0.2, "Playing together"): a booking's price in equal shares,
-- one per player. data.booking_split is the split itself (its invite code and
-- deadline), data.booking_share one share. The organizer (the booking's player)
-- holds share 1, which takes the remainder cents.
create table data.booking_split (
  booking_id bigint primary key references data.booking (id),
  shares integer not null check (shares between 2 and 8),
  share_cents integer not null check (share_cents > 0),
  -- Random and unguessable (96 bits): whoever has it may take a free share.
  invite_code text not null unique check (invite_code ~ '^[A-Za-z0-9_-]{16}$'),
  -- starts_at - split_deadline_minutes, fixed when the booking is split.
  pay_by timestamptz not null,
  -- Set by the deadline (internal.close_split): no joining, leaving or paying a share after it.
  closed_at timestamptz,
  created_at timestamptz not null default now()
);
comment on table data.booking_split is
  'A booking split into equal shares (split_booking): the invite code and the deadline until which the other players pay their shares';
comment on column data.booking_split.share_cents is 'The amount of shares 2..n; share 1 (the organizer''s) adds the remainder cents';
comment on column data.booking_split.pay_by is 'The split-payment deadline: the first slot''s start minus split_deadline_minutes at split time';
comment on column data.booking_split.closed_at is 'When the deadline ran (internal.close_split): unpaid shares covered by the organizer, or the match cancelled';

create type data.share_status as enum ('open', 'taken', 'paid', 'covered', 'refunded');
comment on type data.share_status is
  'open: free seat; taken: a player holds it, unpaid; paid: its player paid it; covered: the organizer''s card paid it at the deadline; refunded: paid, then the booking was cancelled';

create table data.booking_share (
  id bigint generated always as identity primary key,
  booking_id bigint not null references data.booking_split (booking_id),
  number integer not null check (number between 1 and 8),
  amount_cents integer not null check (amount_cents > 0),
  player_id uuid references data.app_user (id),
  status data.share_status not null default 'open',
  taken_at timestamptz,
  paid_at timestamptz,
  unique (booking_id, number),
  -- A player holds at most one share of a booking (open shares have no player).
  unique (booking_id, player_id),
  check ((status = 'open') = (player_id is null) or status in ('covered', 'refunded')),
  check (status <> 'paid' or paid_at is not null)
);
comment on table data.booking_share is
  'One share of a split booking: its amount, the player holding it and whether it is paid (a seat of an open match is a free share)';
comment on column data.booking_share.player_id is 'The player holding the share (null while open; a covered share may have none)';

create index booking_share_player_idx on data.booking_share (player_id) where player_id is not null;

alter table data.booking_split enable row level security;
alter table data.booking_share enable row level security;

-- The bookings the caller holds a share of (besides their own): one hashed
-- sub-plan per query, as sql/policies.sql's policies do.
create function data.caller_share_booking_ids() returns setof bigint
language sql stable parallel safe security definer rows 20
set search_path = pg_catalog
as $$
  select s.booking_id from data.booking_share s where s.player_id = data.current_user_id()
$$;
comment on function data.caller_share_booking_ids() is
  'The bookings in which the caller holds a share; policies call it once per query as `booking_id in (select data.caller_share_booking_ids())`';
grant execute on function data.caller_share_booking_ids() to player, owner, admin;

-- Players of a split booking see the booking (GET /bookings shows it with their share).
create policy share_holder_reads_booking on data.booking
  for select to player using (id in (select data.caller_share_booking_ids()));

-- ... its slots (GET /bookings lists them) and its venue, even one unpublished
-- later, as the booking's own player does (sql/policies.sql); its courts and slots
-- follow the venue.
create policy share_holder_reads_booking_slots on data.booking_slot
  for select to player using (booking_id in (select data.caller_share_booking_ids()));
create policy share_holder_reads_venues_of_bookings_they_play on data.venue
  for select to player using (
    id in (select b.venue_id from data.booking b where b.id in (select data.caller_share_booking_ids()))
  );

-- Who sees a split and its shares: its players, the venue's owner, admins.
create policy player_reads_splits_they_play on data.booking_split
  for select to player using (booking_id in (select data.caller_share_booking_ids()));
create policy owner_reads_splits_of_own_venues on data.booking_split
  for select to owner using (booking_id in (select b.id from data.booking b));
create policy admin_reads_all_splits on data.booking_split
  for select to admin using (true);
create policy player_reads_shares_of_bookings_they_play on data.booking_share
  for select to player using (booking_id in (select data.caller_share_booking_ids()));
create policy owner_reads_shares_of_own_venues on data.booking_share
  for select to owner using (booking_id in (select b.id from data.booking b));
create policy admin_reads_all_shares on data.booking_share
  for select to admin using (true);

-- A player of the booking sees its invite code too (to invite a friend).
grant select on data.booking_split, data.booking_share to player, owner, admin;
