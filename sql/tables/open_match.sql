-- An open match: a split booking's free shares published as seats that any
-- player nearby of the level range may take (api.open_matches, api.join_match).
create table data.open_match (
  id bigint generated always as identity primary key,
  booking_id bigint not null unique references data.booking_split (booking_id),
  level_min numeric(2, 1) check (level_min between 0.0 and 7.0),
  level_max numeric(2, 1) check (level_max between 0.0 and 7.0),
  -- Not full at the deadline: the booking is cancelled and everyone paid refunded in full.
  cancel_if_not_full boolean not null default false,
  created_at timestamptz not null default now(),
  cancelled_at timestamptz,
  check (level_min <= level_max)
);
comment on table data.open_match is
  'A split booking''s free shares made public as seats, with a level range; cancel_if_not_full cancels it at the deadline when seats are left';

alter table data.open_match enable row level security;
-- Anyone finds open matches through api.open_matches (no personal data); the
-- table itself is for its players, the venue's owner and admins.
create policy player_reads_matches_they_play on data.open_match
  for select to player using (booking_id in (select data.caller_share_booking_ids()));
create policy owner_reads_matches_of_own_venues on data.open_match
  for select to owner using (booking_id in (select b.id from data.booking b));
create policy admin_reads_all_matches on data.open_match
  for select to admin using (true);
grant select on data.open_match to player, owner, admin;
